# SHOT's source model on digits (Liang et al., ICML 2020, Sec. 4.1): LeNet
# -> bottleneck B = Linear(800, 256) + BatchNorm1d + Dropout(0.5) ->
# weight-normalised classifier C = Linear(256, 10), trained with
# label-smoothed cross-entropy
# (eps = 0.1, smoothing towards the uniform distribution). The data
# preprocessor gives ClsDataPreprocessor's values on these single-domain
# batches, normalising each batch as one tensor.
# B is SHOT's feat_bottleneck(type='bn') (digit/network.py): its Dropout(0.5)
# follows the BatchNorm, which is where LinearNeck's `act_cfg` sits, and its
# init is SHOT's init_weights (Xavier-normal Linear, BN weight ~ N(1, 0.02)).
# C keeps nn.Linear's default direction (WeightNormClsHead's
# direction_init='pytorch'): SHOT's code calls xavier_normal_ after
# weight_norm, on a tensor the hook recomputes, so only its zero bias sticks.
from mmpretrain.models import ImageClassifier, LabelSmoothLoss, LinearNeck

from mmda.models import LeNet, UDADataPreprocessor, WeightNormClsHead

model = dict(
    type=ImageClassifier,
    data_preprocessor=dict(
        type=UDADataPreprocessor, mean=[127.5], std=[127.5], to_rgb=False),
    backbone=dict(type=LeNet, in_channels=1, channels=(20, 50), dropout=0.5),
    neck=dict(
        type=LinearNeck,
        in_channels=800,
        out_channels=256,
        norm_cfg=dict(type='BN1d'),
        act_cfg=dict(type='Dropout', drop_prob=0.5),
        init_cfg=[
            dict(type='Xavier', distribution='normal', layer='Linear'),
            dict(type='Normal', mean=1.0, std=0.02, layer='BatchNorm1d'),
        ]),
    head=dict(
        type=WeightNormClsHead,
        num_classes=10,
        in_channels=256,
        loss=dict(type=LabelSmoothLoss, label_smooth_val=0.1,
                  mode='original')),
)
