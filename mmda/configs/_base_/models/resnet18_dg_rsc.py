# RSC on the ImageNet-pretrained ResNet-18 (resnet18_dg.py), from the
# config alone: the stock mmpretrain model wrapped by mmda.PluggedModel.
from mmengine.config import read_base

from mmda.models import PluggedModel

with read_base():
    from .resnet18_dg import *  # noqa: F401,F403
    from .rsc_plugin import *  # noqa: F401,F403

model = dict(type=PluggedModel, model=model, plugins=[rsc_plugin])
