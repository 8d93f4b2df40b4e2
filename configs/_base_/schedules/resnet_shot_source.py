# SHOT stage 1 on pre-trained ResNets (Liang et al., ICML 2020, Sec. 4.1):
# SHOT's SGD (shot_sgd.py) with the backbone at 0.1x, epoch-based over the
# source domain (100 epochs on Office-31; Office-Home and VisDA recipes
# override `max_epochs`). The checkpoint of the last epoch, epoch_N.pth,
# is what stage 2 loads.
from mmengine.config import read_base
from mmengine.dataset import DefaultSampler
from mmengine.hooks import CheckpointHook
from mmengine.runner import EpochBasedTrainLoop

with read_base():
    from .shot_sgd import *  # noqa: F401,F403

optim_wrapper.update(
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.1)}))
train_cfg = dict(type=EpochBasedTrainLoop, max_epochs=100, val_interval=10)
val_cfg = dict()
test_cfg = dict()
source_sampler = dict(type=DefaultSampler, shuffle=True)
source_checkpoint = dict(type=CheckpointHook, by_epoch=True, interval=10,
                         max_keep_ckpts=1, save_last=True)
