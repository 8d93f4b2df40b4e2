# SHOT source stage on the embedded digits: 2,000 iterations (as the
# source-only and DANN digits runs), source data only. As SHOT's official
# train_source, the model is validated 10 times on the source's held-out
# split (every 200 iterations) and the best one is kept as
# best_source.pth, which stage 2 loads. `source_checkpoint = last_source`
# keeps mmda's former rule (the last model, iter_2000.pth).
from mmengine.config import read_base

from mmda.engine.hooks import AtomicCheckpointHook, BestSourceCheckpointHook
from mmda.engine.runner import ExactResumeIterLoop

with read_base():
    from .shot_sgd import *  # noqa: F401,F403

train_cfg = dict(type=ExactResumeIterLoop, max_iters=2000, val_interval=200)
val_cfg = dict()
test_cfg = dict()
best_source = dict(
    type=BestSourceCheckpointHook,
    by_epoch=False,
    interval=2000,
    max_keep_ckpts=1,
    save_last=True,
    metric='accuracy/top1')
last_source = dict(type=AtomicCheckpointHook, by_epoch=False, interval=2000)
source_checkpoint = best_source
