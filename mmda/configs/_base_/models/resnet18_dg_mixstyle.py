# MixStyle (Zhou et al., ICLR 2021) after layer1 .. layer3 of the ImageNet-
# pretrained ResNet-18 (resnet18_dg.py), from the config alone: the
# official "resnet18_ms_l123" with p 0.5, alpha 0.1 and random partners.
from mmengine.config import read_base

from mmda.models import MixStyle, PluggedModel

with read_base():
    from .resnet18_dg import *  # noqa: F401,F403

model = dict(
    type=PluggedModel,
    model=model,
    plugins=[
        dict(
            path=f'backbone.layer{i}',
            layer=dict(type=MixStyle, p=0.5, alpha=0.1, mix='random'))
        for i in (1, 2, 3)
    ])
