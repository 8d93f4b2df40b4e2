# RSC for domain generalisation on the embedded digits: trained on
# MNIST-5k only, tested on the unseen uci domain.
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.digits_dg_uci import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.lenet_digits_dg_rsc import *  # noqa: F401,F403
    from .._base_.schedules.digits_dg_sgd_500 import *  # noqa: F401,F403

custom_hooks.append(rsc_curriculum)
