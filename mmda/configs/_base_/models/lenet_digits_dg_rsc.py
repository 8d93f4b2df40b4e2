# RSC (Huang et al., ECCV 2020) on the digits LeNet, inserted from the config
# alone: it challenges the backbone's last feature maps (50 x 4 x 4), with
# the paper's settings (rsc_plugin.py).
from mmengine.config import read_base

from mmda.models import PluggedModel

with read_base():
    from .lenet_digits_dg import *  # noqa: F401,F403
    from .rsc_plugin import *  # noqa: F401,F403

model = dict(type=PluggedModel, model=model, plugins=[rsc_plugin])
# The official 30-epoch curriculum in thirds of the 500-iteration digits
# run: 0.3 for iterations 0-166, 0.5 for 167-333, 0.7 for 334-499.
rsc_curriculum = dict(rsc_curriculum, by_epoch=False, interval=167)
