# DSU at the six places of resnet18_dg_dsu.py in the ImageNet-pretrained
# ResNet-50 (resnet50_dg.py).
from mmengine.config import read_base

with read_base():
    from .resnet18_dg_dsu import *  # noqa: F401,F403
    from .resnet50_dg import model as resnet50  # noqa: F401
    from .resnet50_dg import pretrained, stage_channels  # noqa: F401

model.model = resnet50
del resnet50
