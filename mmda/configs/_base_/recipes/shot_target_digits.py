# SHOT stage 2 on the digit benchmarks (Liang et al., ICML 2020),
# source-free: the target's training set is the only training data
# (unlabelled; shuffled for training, in order for the pseudo-label pass),
# 30 target epochs, LeNet. Task configs set the target domain, load_from
# (the stage-1 checkpoint), the DTN for SVHN -> MNIST and, for SHOT-IM,
# beta = 0.
from mmengine.config import read_base
from mmengine.dataset import DefaultSampler

with read_base():
    from ..datasets.digits import *  # noqa: F401,F403
    from ..default_runtime import *  # noqa: F401,F403
    from ..models.lenet_shot_digits import *  # noqa: F401,F403
    from ..models.shot_target import *  # noqa: F401,F403
    from ..schedules.shot_target_30e import *  # noqa: F401,F403

model.update(shot_digits)
train_dataloader = target_dataloader
label_dataloader = dict(
    test_dataloader,
    sampler=dict(type=DefaultSampler, shuffle=False),
    dataset=target_dataloader['dataset'])
target_dataloader = None
