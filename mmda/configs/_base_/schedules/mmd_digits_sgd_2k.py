# DAN's and JAN's digits optimisation as tllib's recipe (dan.py / jan.py
# with the "Digits" lines of dan.sh / jan.sh): DANN's SGD (momentum 0.9,
# nesterov, every layer at the same lr since the digits nets train from
# scratch, 128 source + 128 target images per iteration) with dan.py's and
# jan.py's own defaults, which differ from dann.py's: weight decay 5e-4
# (--wd) and lr = lr0 (1 + 0.0003 i)^-0.75 (--lr-gamma 0.0003), i.e.
# InverseDecayLR with alpha = 0.0003 * max_iters over the 2,000 iterations.
# lr0: 0.01 (MNIST -> USPS) or 0.1 (USPS -> MNIST), set by the task configs.
# No GRL: neither method has an adversary.
from mmengine.config import read_base

from mmda.engine.schedulers import InverseDecayLR

with read_base():
    from .dann_digits_sgd_2k import *  # noqa: F401,F403

optim_wrapper.optimizer.update(weight_decay=5e-4)
param_scheduler = [
    dict(
        type=InverseDecayLR,
        alpha=0.0003 * max_iters,
        beta=0.75,
        by_epoch=False,
        begin=0,
        end=max_iters)
]
del grl_hook  # noqa: F821
