# ImageNet-pre-trained ResNet-50 as a UDA model: ResNet-50 -> bottleneck
# (global average pool, Linear(2048, 256), BN, ReLU) -> linear classifier.
# The DA losses (DANN) act on the 256-d bottleneck features.
#
# Pre-trained weights cannot be downloaded by mmda: put them at `pretrained`
# (or pass --cfg-options model.backbone.init_cfg.checkpoint=PATH). The file
# may be an mmpretrain ImageNet checkpoint (keys `backbone.*`, as here) or
# torchvision's `resnet50-*.pth` (then also set
# model.backbone.init_cfg.prefix=None: its keys match mmpretrain's ResNet).
from mmpretrain.models import (CrossEntropyLoss, LinearClsHead, LinearNeck,
                               ResNet)

from mmda.models import UDADataPreprocessor, UDAImageClassifier

pretrained = 'data/pretrained/resnet50-imagenet.pth'
model = dict(
    type=UDAImageClassifier,
    data_preprocessor=dict(
        type=UDADataPreprocessor,
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        to_rgb=True),
    backbone=dict(
        type=ResNet,
        depth=50,
        init_cfg=dict(
            type='Pretrained', checkpoint=pretrained, prefix='backbone')),
    neck=dict(
        type=LinearNeck,
        in_channels=2048,
        out_channels=256,
        gap_dim=2,
        norm_cfg=dict(type='BN1d'),
        act_cfg=dict(type='ReLU')),
    head=dict(
        type=LinearClsHead,
        num_classes=31,
        in_channels=256,
        loss=dict(type=CrossEntropyLoss, loss_weight=1.0)),
)
