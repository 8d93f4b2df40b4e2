# SGD, 500 iterations with a cosine-annealed lr, for the digits DG task.
from mmengine.optim import CosineAnnealingLR
from torch.optim import SGD

from mmda.engine.runner import ExactResumeIterLoop

max_iters = 500

optim_wrapper = dict(
    optimizer=dict(type=SGD, lr=0.01, momentum=0.9, weight_decay=5e-4))
param_scheduler = [
    dict(type=CosineAnnealingLR, by_epoch=False, begin=0, end=max_iters)
]
train_cfg = dict(
    type=ExactResumeIterLoop, max_iters=max_iters, val_interval=250)
val_cfg = dict()
test_cfg = dict()
auto_scale_lr = dict(base_batch_size=64)
