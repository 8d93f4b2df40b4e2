# SHOT's target stage on UCI digits -> MNIST-5k
# (shot_lenet_30e_digits_uci2mnist5k.py), validated without labels on the
# target training split: source-free, so there is no source validation
# split; the metrics are target_unlabeled/{entropy,im,bnm,snd}. The best
# checkpoint by IM is kept (docs/validators.md has the measured choice).
# Train the source stage first (shot_source_lenet_2k_digits_uci.py).
from mmengine.config import read_base
from mmengine.dataset import DefaultSampler

with read_base():
    from .._base_.validation.target_unlabeled import *  # noqa: F401,F403
    from .shot_lenet_30e_digits_uci2mnist5k import *  # noqa: F401,F403

train_cfg.update(val_interval=630)  # every 10 target epochs
# the target training split, in order, every sample; labels hidden
val_dataloader = dict(
    train_dataloader, sampler=dict(type=DefaultSampler, shuffle=False))
val_evaluator = target_validation['evaluator']
val_cfg = dict(
    val_cfg_target_unlabeled,
    prefix=target_validation['prefix'],
    unlabeled=True)
default_hooks['checkpoint'].update(
    save_best='target_unlabeled/im', rule='greater')
