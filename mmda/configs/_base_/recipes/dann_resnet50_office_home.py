# DANN on Office-Home with ResNet-50; task configs set the two domains.
from mmengine.config import read_base

from mmda.engine.hooks import GRLLambdaHook

with read_base():
    from ..datasets.office_home import *  # noqa: F401,F403
    from ..default_runtime import *  # noqa: F401,F403
    from ..models.resnet50_dann import *  # noqa: F401,F403
    from ..schedules.resnet_dann_10k import *  # noqa: F401,F403

model['head']['num_classes'] = 65
custom_hooks.append(dict(type=GRLLambdaHook, gamma=10.0, max_value=1.0))
