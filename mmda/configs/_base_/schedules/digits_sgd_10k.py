# The digits schedule of digits_sgd_2k.py over 10,000 iterations, for the
# full-size digit benchmarks: with 64 + 64 images per iteration, about 11
# epochs of MNIST's 60,000 training images.
from mmengine.config import read_base

with read_base():
    from .digits_sgd_2k import *  # noqa: F401,F403

max_iters = 10000
param_scheduler[0].update(end=max_iters)
train_cfg.update(max_iters=max_iters, val_interval=1000)
