# ImageNet-pretrained ResNet-18 (mmpretrain's stock ResNet) with global
# pooling and a linear classifier, for domain generalisation; 7 classes
# (PACS) unless a config sets model.head.num_classes.
#
# Pre-trained weights: nothing is downloaded. Put torchvision's ImageNet
# ResNet-18 file (resnet18-f37072fd.pth; its keys match mmpretrain's ResNet)
# at the path below, or override it, e.g.
#   --cfg-options model.backbone.init_cfg.checkpoint=/path/to/resnet18.pth
# (model.model.backbone... in RSC / CNSN configs). For an mmpretrain
# classifier checkpoint also set init_cfg.prefix='backbone.'.
from mmpretrain.models import (ClsDataPreprocessor, CrossEntropyLoss,
                               GlobalAveragePooling, ImageClassifier,
                               LinearClsHead, ResNet)

pretrained = 'data/pretrained/resnet18-f37072fd.pth'
# Output channels of layer1..layer4, where CNSN is inserted.
stage_channels = (64, 128, 256, 512)

model = dict(
    type=ImageClassifier,
    # ImageNet statistics; images are loaded as BGR.
    data_preprocessor=dict(
        type=ClsDataPreprocessor,
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        to_rgb=True),
    backbone=dict(
        type=ResNet,
        depth=18,
        init_cfg=dict(type='Pretrained', checkpoint=pretrained)),
    neck=dict(type=GlobalAveragePooling),
    head=dict(
        type=LinearClsHead,
        num_classes=7,
        in_channels=stage_channels[-1],
        loss=dict(type=CrossEntropyLoss)))
