# DomainBed's network for its MNIST benchmarks (networks.MNIST_CNN, then a
# linear classifier on the 128 pooled features), as a MultiDomainClassifier:
# the ERM term is the head's cross-entropy, and DG penalties go in
# `dg_losses`. Inputs are x / 255, as DomainBed's ToTensor with no
# normalisation; the head keeps nn.Linear's default init, as DomainBed's.
from mmpretrain.models import (ClsDataPreprocessor, CrossEntropyLoss,
                               GlobalAveragePooling, LinearClsHead)

from mmda.models import MNISTCNN, MultiDomainClassifier

model = dict(
    type=MultiDomainClassifier,
    data_preprocessor=dict(
        type=ClsDataPreprocessor, mean=[0.0], std=[255.0], to_rgb=False),
    backbone=dict(type=MNISTCNN, in_channels=1),
    neck=dict(type=GlobalAveragePooling),
    head=dict(
        type=LinearClsHead,
        num_classes=10,
        in_channels=128,
        loss=dict(type=CrossEntropyLoss, loss_weight=1.0),
        init_cfg=None),
    dg_losses=[])
