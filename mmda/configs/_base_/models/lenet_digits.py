# LeNet (SHOT's digits network) with a 500-d bottleneck, as a UDA model.
from mmpretrain.models import CrossEntropyLoss, LinearClsHead, LinearNeck

from mmda.models import LeNet, UDADataPreprocessor, UDAImageClassifier

model = dict(
    type=UDAImageClassifier,
    data_preprocessor=dict(
        type=UDADataPreprocessor, mean=[127.5], std=[127.5], to_rgb=False),
    backbone=dict(type=LeNet, in_channels=1, channels=(20, 50), dropout=0.5),
    neck=dict(
        type=LinearNeck,
        in_channels=800,
        out_channels=500,
        norm_cfg=dict(type='BN1d'),
        act_cfg=dict(type='ReLU')),
    head=dict(
        type=LinearClsHead,
        num_classes=10,
        in_channels=500,
        loss=dict(type=CrossEntropyLoss, loss_weight=1.0)),
)
