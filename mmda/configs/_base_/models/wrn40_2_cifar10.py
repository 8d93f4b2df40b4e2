# WideResNet-40-2 (Zagoruyko and Komodakis, BMVC 2016; mmda.models.
# WideResNet) for CIFAR-10, trained from scratch, as in CNSN's CIFAR
# experiments: no dropout, inputs normalised to [-1, 1] (mean = std = 0.5).
from mmpretrain.models import (ClsDataPreprocessor, CrossEntropyLoss,
                               GlobalAveragePooling, ImageClassifier,
                               LinearClsHead)

from mmda.models import WideResNet

# Output channels of layer1 .. layer3 (16, 32, 64 times the widen factor).
stage_channels = (32, 64, 128)
blocks_per_stage = 6  # (40 - 4) / 6

model = dict(
    type=ImageClassifier,
    data_preprocessor=dict(
        type=ClsDataPreprocessor,
        mean=[127.5, 127.5, 127.5],
        std=[127.5, 127.5, 127.5]),
    backbone=dict(type=WideResNet, depth=40, widen_factor=2, drop_rate=0.0),
    neck=dict(type=GlobalAveragePooling),
    head=dict(
        type=LinearClsHead,
        num_classes=10,
        in_channels=stage_channels[-1],
        loss=dict(type=CrossEntropyLoss)))
