# MDD's digits optimisation as tllib's recipe (mdd.py, mdd.sh "Digits"):
# SGD, momentum 0.9, nesterov, weight decay 5e-4 (mdd.py's default; dann.py
# uses 1e-3); lr = lr0 (1 + 0.0002 i)^-0.75 at iteration i (mdd.py's
# --lr-gamma 0.0002; dann.py's is 0.001), which over 2,000 iterations is
# InverseDecayLR with alpha = 0.0002 * 2000. mdd.py builds its
# ImageClassifier without finetune=not args.scratch (dann.py passes it), so
# get_parameters keeps the backbone (tllib's LeNet, up to its
# Linear(800, 500)) at 0.1 x lr even when trained from scratch: lr_mult 0.1
# on `backbone`. 128 source + 128 target images per iteration (drop_last).
# lr0 = 0.01 both ways (mdd.sh's MNIST -> USPS and USPS -> MNIST lines).
# tllib runs 20 x 2,500 iterations; mmda keeps its 2,000-iteration budget
# on the embedded digits (the side-by-side runs use the same).
from mmengine.config import read_base
from torch.optim import SGD

from mmda.engine.schedulers import InverseDecayLR

with read_base():
    from .digits_sgd_2k import *  # noqa: F401,F403

optim_wrapper = dict(
    optimizer=dict(
        type=SGD, lr=0.01, momentum=0.9, weight_decay=5e-4, nesterov=True),
    paramwise_cfg=dict(custom_keys=dict(backbone=dict(lr_mult=0.1))))
param_scheduler = [
    dict(
        type=InverseDecayLR,
        alpha=0.0002 * max_iters,
        beta=0.75,
        by_epoch=False,
        begin=0,
        end=max_iters)
]
mdd_batch_size = 128
auto_scale_lr = dict(base_batch_size=mdd_batch_size)
