# CNSN after layer1 .. layer4 of the ImageNet-pretrained ResNet-50: as
# resnet18_dg_cnsn.py, with ResNet-50 (resnet50_dg.py) and its stage widths.
from mmengine.config import read_base

with read_base():
    from .resnet18_dg_cnsn import *  # noqa: F401,F403
    from .resnet50_dg import model as resnet50  # noqa: F401
    from .resnet50_dg import pretrained, stage_channels  # noqa: F401

model.model = resnet50
model.plugins = [
    dict(plugin, layer=dict(plugin.layer, channels=channels))
    for plugin, channels in zip(model.plugins, stage_channels)
]
del resnet50
