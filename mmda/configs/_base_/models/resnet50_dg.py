# ImageNet-pretrained ResNet-50 for domain generalisation: resnet18_dg.py
# with a deeper backbone. Weights: torchvision's resnet50-0676ba61.pth (or
# resnet50-11ad3fa6.pth) at the path below; see resnet18_dg.py.
from mmengine.config import read_base

with read_base():
    from .resnet18_dg import *  # noqa: F401,F403

pretrained = 'data/pretrained/resnet50-0676ba61.pth'
stage_channels = (256, 512, 1024, 2048)
model.backbone.update(depth=50, init_cfg=dict(checkpoint=pretrained))
model.head.in_channels = stage_channels[-1]
