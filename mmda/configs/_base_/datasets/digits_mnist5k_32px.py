# The embedded MNIST-5k at 32x32 RGB: the size and format that
# tools/dataset_converters/make_corruptions.py writes for the corruption
# benchmark (its corruptions need at least 32x32; it resizes with
# cv2.INTER_AREA and repeats the grey channel), so a source model trained
# here sees clean images of the same kind as the corrupted ones.
from mmcv.transforms import Resize
from mmengine.config import read_base
from mmpretrain.datasets import PackInputs

from mmda.datasets import GrayToRGB, MNIST5k

with read_base():
    from .embedded_digits import *  # noqa: F401,F403

mnist5k_32px_pipeline = [
    dict(type=Resize, scale=(32, 32), interpolation='area'),
    dict(type=GrayToRGB),
    dict(type=PackInputs),
]
train_dataloader = dict(
    **loader_cfg,
    dataset=dict(type=MNIST5k, split='train', pipeline=mnist5k_32px_pipeline),
    sampler=train_sampler)
val_dataloader = dict(
    **loader_cfg,
    dataset=dict(type=MNIST5k, split='test', pipeline=mnist5k_32px_pipeline),
    sampler=test_sampler)
test_dataloader = val_dataloader
val_evaluator = evaluator
test_evaluator = evaluator
