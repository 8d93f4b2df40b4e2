# SHOT stage 1 (Liang et al., ICML 2020, Sec. 4.1): SHOT's SGD, epoch-based
# over the source domain, 30 epochs (SHOT's digits setting; the ResNet
# recipes override `max_epochs`). As SHOT's official train_source, the
# model is validated 10 times on the source's held-out split and the best
# one is kept as best_source.pth, which stage 2 loads. Set
# `default_hooks.checkpoint = last_source` for the last epoch instead.
from mmengine.config import read_base
from mmengine.dataset import DefaultSampler

from mmda.engine.hooks import AtomicCheckpointHook, BestSourceCheckpointHook
from mmda.engine.runner import ExactResumeEpochLoop

with read_base():
    from .shot_sgd import *  # noqa: F401,F403

train_cfg = dict(type=ExactResumeEpochLoop, max_epochs=30, val_interval=3)
val_cfg = dict()
test_cfg = dict()
source_sampler = dict(type=DefaultSampler, shuffle=True)
last_source = dict(
    type=AtomicCheckpointHook,
    by_epoch=True,
    interval=10,
    max_keep_ckpts=1,
    save_last=True)
best_source = dict(
    last_source, type=BestSourceCheckpointHook, metric='accuracy/top1')
source_checkpoint = best_source
