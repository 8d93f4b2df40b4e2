# DANN (Ganin & Lempitsky, ICML 2015) + CNSN (Tang et al., ICCV 2021) on the
# embedded digits, uci -> mnist5k: the DANN model of
# dann_lenet_2k_digits_uci2mnist5k.py with CNSN after both LeNet conv blocks,
# composed from the config alone.
from mmengine.config import read_base

from mmda.models import PluggedModel

with read_base():
    from .._base_.models.lenet_cnsn_plugins import *  # noqa: F401,F403
    from ..dann.dann_lenet_2k_digits_uci2mnist5k import *  # noqa: F401,F403

model = dict(type=PluggedModel, model=model, plugins=lenet_cnsn_plugins)
custom_hooks.extend(plugin_hooks)
