# SHOT-IM stage 2 (Liang et al., ICML 2020) on mnist5k, source-free: starts
# from the stage-1 checkpoint of shot_source_lenet_2k_digits_uci.py (train it
# first, or point load_from at yours); beta = 0 (IM loss only).
from mmengine.config import read_base

from mmda.engine.hooks import LoadFromCheckHook

with read_base():
    from .._base_.datasets.digits_shot_target_mnist5k import \
        *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.lenet_shot_digits import *  # noqa: F401,F403
    from .._base_.models.shot_target import *  # noqa: F401,F403
    from .._base_.schedules.shot_target_30e import *  # noqa: F401,F403

model.update(shot_im)
custom_hooks.append(dict(type=LoadFromCheckHook, stage='the source stage'))
load_from = 'work_dirs/shot_source_lenet_2k_digits_uci/best_source.pth'
