# SHOT stage 1 on the digit benchmarks (Liang et al., ICML 2020): LeNet with
# label-smoothed CE, 30 epochs over the source training set in batches of
# 64. Task configs set the domains (and swap in the DTN for SVHN). Testing
# reports the target's test split: the source-only accuracy of the
# hypothesis that stage 2 adapts.
from mmengine.config import read_base

with read_base():
    from ..datasets.digits import *  # noqa: F401,F403
    from ..default_runtime import *  # noqa: F401,F403
    from ..models.lenet_shot_digits import *  # noqa: F401,F403
    from ..schedules.shot_source_30e import *  # noqa: F401,F403

train_dataloader.update(sampler=source_sampler)
default_hooks.update(checkpoint=source_checkpoint)
target_dataloader = None
