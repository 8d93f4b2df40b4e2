# DSU (Li et al., ICLR 2022) at the official UResNet's six places in the
# ImageNet-pretrained ResNet-18 (resnet18_dg.py), from the config alone:
# after the stem convolution, after the max-pooling and after layer1 ..
# layer4, each acting with probability 0.5 (the official --uncertainty 0.5).
from mmengine.config import read_base

from mmda.models import DSU, PluggedModel

with read_base():
    from .resnet18_dg import *  # noqa: F401,F403

model = dict(
    type=PluggedModel,
    model=model,
    plugins=[
        dict(path=f'backbone.{name}', layer=dict(type=DSU, p=0.5))
        for name in ('conv1', 'maxpool', 'layer1', 'layer2', 'layer3',
                     'layer4')
    ])
