# SHOT stage 2 on pre-trained ResNets (Liang et al., ICML 2020, Sec. 4.1):
# SHOT's SGD with the backbone at 0.1x, 15 target epochs, pseudo-labels
# recomputed at each epoch start. No validation (no source data, and no
# target labels for model selection); tools/test.py reports the target.
from mmengine.config import read_base

from mmda.engine.runner import ExactResumeIterLoop

with read_base():
    from .shot_sgd import *  # noqa: F401,F403

optim_wrapper.update(
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.1)}))
# 15 passes over the target set, counted in iterations so that a run
# resumed inside a pass is exact.
train_cfg = dict(type=ExactResumeIterLoop, max_epochs=15)
val_cfg = None
val_dataloader = None
val_evaluator = None
test_cfg = dict()
