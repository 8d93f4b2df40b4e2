# Test config: CNSN after both LeNet blocks and RSC on the backbone output,
# with both schedule hooks, on the digits DG task (small and quick).
from mmengine.config import read_base

from mmda.engine.hooks import RSCBatchPercentHook
from mmda.models import RSC

with read_base():
    from ...configs._base_.datasets.digits_dg_mnist5k import *  # noqa
    from ...configs._base_.default_runtime import *  # noqa
    from ...configs._base_.models.lenet_digits_dg_cnsn import *  # noqa
    from ...configs._base_.schedules.digits_dg_sgd_500 import *  # noqa

model['plugins'].append(dict(path='backbone', layer=dict(type=RSC)))
custom_hooks.extend(plugin_hooks)
custom_hooks.append(
    dict(
        type=RSCBatchPercentHook,
        start=0.1,
        step=0.2,
        interval=2,
        by_epoch=False))
