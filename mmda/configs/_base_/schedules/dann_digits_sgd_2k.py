# DANN's digits optimisation as tllib's recipe (dann.py, dann.sh "Digits"):
# SGD, momentum 0.9, weight decay 1e-3, nesterov, every layer at the same
# lr (trained from scratch); lr = lr0 (1 + 0.001 i)^-0.75 at iteration i,
# which over 2,000 iterations is InverseDecayLR with alpha = 0.001 * 2000;
# 128 source + 128 target images per iteration (drop_last). The GRL
# coefficient warms up as tllib's WarmStartGradientReverseLayer(alpha=1,
# max_iters=1000): 2 / (1 + exp(-i / 1000)) - 1, not over the whole run.
# lr0: 0.01 (MNIST -> USPS) or 0.1 (USPS -> MNIST), set by the task
# configs. tllib runs 20 x 2,500 iterations; mmda keeps its 2,000-iteration
# budget on the embedded digits (the side-by-side runs use the same).
from mmengine.config import read_base
from torch.optim import SGD

from mmda.engine.hooks import GRLLambdaHook
from mmda.engine.schedulers import InverseDecayLR

with read_base():
    from .digits_sgd_2k import *  # noqa: F401,F403

optim_wrapper = dict(
    optimizer=dict(
        type=SGD, lr=0.01, momentum=0.9, weight_decay=1e-3, nesterov=True))
param_scheduler = [
    dict(
        type=InverseDecayLR,
        alpha=0.001 * max_iters,
        beta=0.75,
        by_epoch=False,
        begin=0,
        end=max_iters)
]
grl_hook = dict(type=GRLLambdaHook, gamma=1.0, horizon=1000)
dann_batch_size = 128
auto_scale_lr = dict(base_batch_size=dann_batch_size)
