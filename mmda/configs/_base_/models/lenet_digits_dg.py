# LeNet with a 500-d bottleneck (as in lenet_digits.py) as a plain mmpretrain
# ImageClassifier, for domain generalisation: one labelled batch per
# iteration, no target data.
from mmengine.config import read_base
from mmpretrain.models import ClsDataPreprocessor, ImageClassifier

with read_base():
    from .lenet_digits import *  # noqa: F401,F403

model.update(
    type=ImageClassifier,
    data_preprocessor=dict(
        type=ClsDataPreprocessor, mean=[127.5], std=[127.5], to_rgb=False))
