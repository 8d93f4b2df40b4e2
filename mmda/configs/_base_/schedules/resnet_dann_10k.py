# DANN's schedule on pre-trained ResNets (Ganin & Lempitsky, ICML 2015;
# docs/methods.md): SGD, momentum 0.9, lr(p) = 0.01 / (1 + 10 p)^0.75, the
# pre-trained backbone at 0.1x the new layers' rate. The paper gives no
# iteration count for ResNets: 10,000 iterations of 32 source + 32 target
# images (weight decay 1e-3, as common re-implementations).
from torch.optim import SGD

from mmda.engine.runner import UDATrainLoop
from mmda.engine.schedulers import InverseDecayLR

max_iters = 10000
optim_wrapper = dict(
    optimizer=dict(type=SGD, lr=0.01, momentum=0.9, weight_decay=1e-3),
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.1)}))
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
train_cfg = dict(type=UDATrainLoop, max_iters=max_iters, val_interval=1000)
val_cfg = dict()
test_cfg = dict()
