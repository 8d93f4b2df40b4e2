# SHOT target stage: 30 target epochs (SHOT's digits setting; Office and
# VisDA use 15), pseudo-labels recomputed at every epoch start. No
# validation: the source data is gone and the target labels are not for
# model selection; `tools/test.py` reports the target test split.
from mmengine.config import read_base

from mmda.engine.runner import ExactResumeIterLoop

with read_base():
    from .shot_sgd import *  # noqa: F401,F403

# 30 passes over the target set, counted in iterations so that a run
# resumed inside a pass is exact.
train_cfg = dict(type=ExactResumeIterLoop, max_epochs=30)
val_cfg = None
val_dataloader = None
val_evaluator = None
test_cfg = dict()
