# RSC on the ImageNet-pretrained ResNet-50 (resnet50_dg.py).
from mmengine.config import read_base

from mmda.models import PluggedModel

with read_base():
    from .resnet50_dg import *  # noqa: F401,F403
    from .rsc_plugin import *  # noqa: F401,F403

model = dict(type=PluggedModel, model=model, plugins=[rsc_plugin])
