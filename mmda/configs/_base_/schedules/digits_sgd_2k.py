# SGD with DANN's annealing lr0 / (1 + 10 p)^0.75 over 2,000 iterations.
from torch.optim import SGD

from mmda.engine.runner import UDATrainLoop
from mmda.engine.schedulers import InverseDecayLR

max_iters = 2000

optim_wrapper = dict(
    optimizer=dict(type=SGD, lr=0.01, momentum=0.9, weight_decay=5e-4))
param_scheduler = [
    dict(
        type=InverseDecayLR,
        alpha=10.0,
        beta=0.75,
        by_epoch=False,
        begin=0,
        end=max_iters)
]
# The target loader is the top-level `target_dataloader` of the task config
# (its one home), which UDATrainLoop reads.
train_cfg = dict(type=UDATrainLoop, max_iters=max_iters, val_interval=500)
val_cfg = dict()
test_cfg = dict()
auto_scale_lr = dict(base_batch_size=64)
