# DANN (Ganin & Lempitsky, ICML 2015) on VisDA-2017 synthetic -> real with
# ResNet-101; tested with the mean per-class accuracy.
from mmengine.config import read_base

from mmda.engine.hooks import GRLLambdaHook

with read_base():
    from .._base_.datasets.visda2017 import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.resnet50_dann import *  # noqa: F401,F403
    from .._base_.schedules.resnet_dann_10k import *  # noqa: F401,F403

model['backbone']['depth'] = 101
model['backbone']['init_cfg']['checkpoint'] = (
    'data/pretrained/resnet101-imagenet.pth')
model['head']['num_classes'] = 12
custom_hooks.append(dict(type=GRLLambdaHook, gamma=10.0, max_value=1.0))
