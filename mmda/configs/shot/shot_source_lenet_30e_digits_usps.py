# SHOT stage 1 (Liang et al., ICML 2020): the source model on USPS
# (28x28 grey, LeNet); testing reports MNIST's test split. As SHOT's
# official u2m branch, USPS train and validation images are augmented with
# RandomCrop(28, padding=4) + RandomRotation(10).
from mmengine.config import read_base
from mmpretrain.datasets import RandomCrop

from mmda.datasets import RandomRotation

with read_base():
    from .._base_.recipes.shot_source_digits import *  # noqa: F401,F403

usps_shot_source_pipeline = gray28_pipeline[:-1] + [
    dict(type=RandomCrop, crop_size=28, padding=4),
    dict(type=RandomRotation, max_angle=10),
] + gray28_pipeline[-1:]
train_dataloader.dataset = dict(
    usps_train_gray28, pipeline=usps_shot_source_pipeline)
val_dataloader.dataset = dict(
    usps_test_gray28, pipeline=usps_shot_source_pipeline)
test_dataloader.dataset = mnist_test_gray28
