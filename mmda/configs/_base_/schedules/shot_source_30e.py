# SHOT stage 1 (Liang et al., ICML 2020, Sec. 4.1): SHOT's SGD, epoch-based
# over the source domain, 30 epochs (SHOT's digits setting; the ResNet
# recipes override `max_epochs`). The last epoch's checkpoint, epoch_N.pth,
# is what stage 2 loads.
from mmengine.config import read_base
from mmengine.dataset import DefaultSampler

from mmda.engine.hooks import AtomicCheckpointHook
from mmda.engine.runner import ExactResumeEpochLoop

with read_base():
    from .shot_sgd import *  # noqa: F401,F403

train_cfg = dict(type=ExactResumeEpochLoop, max_epochs=30, val_interval=10)
val_cfg = dict()
test_cfg = dict()
source_sampler = dict(type=DefaultSampler, shuffle=True)
source_checkpoint = dict(
    type=AtomicCheckpointHook,
    by_epoch=True,
    interval=10,
    max_keep_ckpts=1,
    save_last=True)
