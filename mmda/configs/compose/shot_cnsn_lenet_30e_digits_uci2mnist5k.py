# SHOT stage 2 (Liang et al., ICML 2020) + CNSN on the embedded digits, uci ->
# mnist5k, source-free: the model of shot_lenet_30e_digits_uci2mnist5k.py with
# CNSN after both LeNet conv blocks (as in stage 1), starting from the
# checkpoint of shot_source_cnsn_lenet_2k_digits_uci.py.
from mmengine.config import read_base

from mmda.models import PluggedModel

with read_base():
    from .._base_.models.lenet_cnsn_plugins import *  # noqa: F401,F403
    from ..shot.shot_lenet_30e_digits_uci2mnist5k import *  # noqa: F401,F403

model = dict(type=PluggedModel, model=model, plugins=lenet_cnsn_plugins)
custom_hooks.extend(plugin_hooks)
load_from = ('work_dirs/shot_source_cnsn_lenet_2k_digits_uci/'
             'best_source.pth')
