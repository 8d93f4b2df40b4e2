# CNSN after each residual stage (layer1 .. layer4) of the ImageNet-
# pretrained ResNet-18 (resnet18_dg.py), from the config alone; one
# CrossNorm active with probability 0.5 per iteration (cnsn_plugin.py).
from mmengine.config import read_base

from mmda.models import PluggedModel

with read_base():
    from .cnsn_plugin import *  # noqa: F401,F403
    from .resnet18_dg import *  # noqa: F401,F403

model = dict(
    type=PluggedModel,
    model=model,
    plugins=[
        dict(path=f'backbone.layer{i}', layer=dict(cnsn_layer, channels=c))
        for i, c in enumerate(stage_channels, 1)
    ])
