# SHOT stage 1 on pre-trained ResNets (Liang et al., ICML 2020, Sec. 4.1):
# shot_source_30e.py with the backbone at 0.1x and 100 epochs over the
# source domain (Office-31; the Office-Home and VisDA recipes override
# `max_epochs`).
from mmengine.config import read_base

with read_base():
    from .shot_source_30e import *  # noqa: F401,F403

optim_wrapper.update(
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.1)}))
train_cfg.update(max_epochs=100)
