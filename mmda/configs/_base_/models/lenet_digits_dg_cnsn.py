# CNSN (Tang et al., ICCV 2021) on the digits LeNet, inserted from the config
# alone (lenet_cnsn_plugins.py).
from mmengine.config import read_base

from mmda.models import PluggedModel

with read_base():
    from .lenet_cnsn_plugins import *  # noqa: F401,F403
    from .lenet_digits_dg import *  # noqa: F401,F403

model = dict(type=PluggedModel, model=model, plugins=lenet_cnsn_plugins)
