# AFN on ResNet-50 (Xu et al., ICCV 2019, Sec. 4): ResNet-50 -> F_f =
# Linear(2048, 1000) + BN + ReLU + L2-preserved dropout 0.5 -> F_y =
# Linear(1000, num_classes). Method recipes add HAFN or SAFN (afn_losses.py).
# Pre-trained weights: see resnet50_uda.py.
from mmengine.config import read_base

from mmda.models import AFNBottleneck

with read_base():
    from .resnet50_uda import *  # noqa: F401,F403

model['neck'] = dict(
    type=AFNBottleneck,
    in_channels=2048,
    out_channels=1000,
    dropout=0.5,
    gap=True)
model['head'].update(
    in_channels=1000, init_cfg=dict(type='Normal', layer='Linear', std=0.01))
# AFN's released code forwards source and target separately, so in
# training each domain's batch is normalised by its own BatchNorm
# statistics.
model['domain_forward'] = 'separate'
