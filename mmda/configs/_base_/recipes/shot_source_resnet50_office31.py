# SHOT stage 1 on Office-31 with ResNet-50: 100 epochs over the source domain
# (SHOT's setting); validation and testing on the source domain.
from mmengine.config import read_base

with read_base():
    from ..datasets.office31 import *  # noqa: F401,F403
    from ..default_runtime import *  # noqa: F401,F403
    from ..models.resnet50_shot import *  # noqa: F401,F403
    from ..schedules.resnet_shot_source import *  # noqa: F401,F403

model['head']['num_classes'] = 31
train_cfg.update(max_epochs=100)
train_dataloader.update(batch_size=64, sampler=source_sampler)
# SHOT's object code keeps the best model on a 10% held-out part of the
# source domain; here validation runs on the whole source domain (its own
# training data), where "best" would mean nothing, so the last model is
# kept (a remaining difference, docs/results.md).
default_hooks.update(checkpoint=last_source)
test_dataloader = val_dataloader
target_dataloader = None
