# SHOT source stage on the embedded digits: 2,000 iterations (as the
# source-only and DANN digits runs), source data only.
from mmengine.config import read_base

from mmda.engine.runner import ExactResumeIterLoop

with read_base():
    from .shot_sgd import *  # noqa: F401,F403

train_cfg = dict(type=ExactResumeIterLoop, max_iters=2000, val_interval=500)
val_cfg = dict()
test_cfg = dict()
