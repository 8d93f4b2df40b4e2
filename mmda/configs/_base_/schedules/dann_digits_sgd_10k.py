# dann_digits_sgd_2k.py over 10,000 iterations (the release-file digit
# benchmarks): the lr keeps tllib's per-iteration decay
# (1 + 0.001 i)^-0.75, so alpha = 0.001 * 10000.
from mmengine.config import read_base

with read_base():
    from .dann_digits_sgd_2k import *  # noqa: F401,F403

max_iters = 10000
param_scheduler[0].update(alpha=0.001 * max_iters, end=max_iters)
train_cfg.update(max_iters=max_iters, val_interval=1000)
