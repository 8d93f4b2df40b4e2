# SAFN (Xu et al., ICCV 2019) + RSC (Huang et al., ECCV 2020) on the embedded
# digits, mnist5k -> uci: the SAFN model of safn_lenet_2k_digits_mnist5k2uci.py
# with RSC on the backbone output. RSC challenges the labelled source rows
# only; the target rows pass through it untouched. Without the batch-percent
# curriculum (the SAFN run keeps RSC's 1/3), RSCSpatialChoiceHook draws the
# spatial- or channel-wise muting of each iteration.
from mmengine.config import read_base

from mmda.models import PluggedModel

with read_base():
    from .._base_.models.rsc_plugin import *  # noqa: F401,F403
    from ..afn.safn_lenet_2k_digits_mnist5k2uci import *  # noqa: F401,F403

model = dict(type=PluggedModel, model=model, plugins=[rsc_plugin])
custom_hooks.append(rsc_spatial_choice)
