# SHOT stage 1 + CNSN: the source model of shot_source_lenet_2k_digits_uci.py
# with CNSN after both LeNet conv blocks. Stage 2 (shot_cnsn_lenet_30e_*)
# starts from its checkpoint.
from mmengine.config import read_base

from mmda.models import PluggedModel

with read_base():
    from .._base_.models.lenet_cnsn_plugins import *  # noqa: F401,F403
    from ..shot.shot_source_lenet_2k_digits_uci import *  # noqa: F401,F403

model = dict(type=PluggedModel, model=model, plugins=lenet_cnsn_plugins)
custom_hooks.extend(plugin_hooks)
