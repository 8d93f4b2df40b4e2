# SHOT's source model on ResNet-50 (Liang et al., ICML 2020, Sec. 4.1):
# ResNet-50 -> bottleneck B = global average pool, Linear(2048, 256), BN ->
# weight-normalised classifier C, label-smoothed CE (eps = 0.1). The target
# stage loads this model's checkpoint (shot_target.py). Pre-trained weights:
# see resnet50_uda.py.
from mmengine.config import read_base
from mmpretrain.models import ImageClassifier, LabelSmoothLoss

from mmda.models import WeightNormClsHead

with read_base():
    from .resnet50_uda import *  # noqa: F401,F403

model.update(type=ImageClassifier)
# The data preprocessor stays UDADataPreprocessor: on single-domain batches
# it gives ClsDataPreprocessor's values, normalising the batch as one tensor.
model['neck'].update(act_cfg=None)
model['head'] = dict(
    type=WeightNormClsHead,
    num_classes=31,
    in_channels=256,
    loss=dict(type=LabelSmoothLoss, label_smooth_val=0.1, mode='original'))
