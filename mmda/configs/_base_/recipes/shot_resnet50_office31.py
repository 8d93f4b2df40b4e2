# SHOT stage 2 on Office-31 with ResNet-50, source-free: the target domain is
# the only data (batch 64). Task configs set the target domain, load_from
# (the stage-1 checkpoint) and, for SHOT-IM, beta = 0.
from mmengine.config import read_base
from mmengine.dataset import DefaultSampler

with read_base():
    from ..datasets.office31 import *  # noqa: F401,F403
    from ..default_runtime import *  # noqa: F401,F403
    from ..models.resnet50_shot import *  # noqa: F401,F403
    from ..models.shot_target import *  # noqa: F401,F403
    from ..schedules.resnet_shot_target_15e import *  # noqa: F401,F403

model.update(shot)
model['head']['num_classes'] = 31
train_dataloader = target_dataloader
train_dataloader.update(batch_size=64)
label_dataloader = dict(
    batch_size=64,
    num_workers=4,
    sampler=dict(type=DefaultSampler, shuffle=False),
    dataset=dict(test_dataloader['dataset']))
target_dataloader = None
