# AFN's optimiser (Xu et al., ICCV 2019, Sec. 4): SGD, lr 1e-3 (constant),
# weight decay 5e-4, momentum 0.9 on the new layers; the pre-trained
# backbone takes the same rate without momentum, as AFN's released code.
# 10,000 iterations of 32 source + 32 target images.
from torch.optim import SGD

from mmda.engine.runner import UDATrainLoop

max_iters = 10000
optim_wrapper = dict(
    optimizer=dict(type=SGD, lr=1e-3, momentum=0.9, weight_decay=5e-4),
    paramwise_cfg=dict(custom_keys={'backbone': dict(momentum=0.0)}))
param_scheduler = []
# The target loader is the top-level `target_dataloader` of the task config
# (its one home), which UDATrainLoop reads.
train_cfg = dict(type=UDATrainLoop, max_iters=max_iters, val_interval=1000)
val_cfg = dict()
test_cfg = dict()
