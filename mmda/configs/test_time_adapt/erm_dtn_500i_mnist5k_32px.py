# The source model of the test-time adaptation benchmark: SHOT's DTN with
# batch normalisation (and no dropout), trained with ERM on the clean
# embedded MNIST-5k train split at 32x32 RGB. Its only normalisation layers
# are BatchNorm2d, the layers that BN adaptation and TENT adapt.
from mmengine.config import read_base
from mmpretrain.models import (ClsDataPreprocessor, CrossEntropyLoss,
                               ImageClassifier, LinearClsHead, LinearNeck)

with read_base():
    from .._base_.datasets.digits_mnist5k_32px import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.dtn_digits import *  # noqa: F401,F403
    from .._base_.schedules.digits_dg_sgd_500 import *  # noqa: F401,F403

model = dict(
    type=ImageClassifier,
    data_preprocessor=dict(
        type=ClsDataPreprocessor, **rgb_normalisation, to_rgb=False),
    backbone=dict(**dtn_backbone, dropout=(0., 0., 0.)),
    neck=dict(
        type=LinearNeck,
        in_channels=dtn_out_channels,
        out_channels=256,
        norm_cfg=None,
        act_cfg=dict(type='ReLU')),
    head=dict(
        type=LinearClsHead,
        num_classes=10,
        in_channels=256,
        loss=dict(type=CrossEntropyLoss, loss_weight=1.0)),
)
