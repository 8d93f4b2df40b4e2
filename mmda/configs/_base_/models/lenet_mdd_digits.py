# MDD's digits network (Zhang et al., ICML 2019) as tllib's recipe
# (thuml/Transfer-Learning-Library,
# examples/domain_adaptation/image_classification/mdd.py with mdd.sh's
# "Digits" lines, "-a lenet --no-pool --scratch" and mdd.py's default
# --bottleneck-dim 1024): tllib's digits LeNet (lenet_tllib_digits.py's
# backbone: two conv stages, then Linear(800, 500) + ReLU + Dropout(0.5)),
# tllib.alignment.mdd.ImageClassifier's bottleneck Linear(500, 1024) +
# BatchNorm1d + ReLU + Dropout(0.5) (weight N(0, 0.005), bias 0.1), its main
# head Linear(1024, 1024) + ReLU + Dropout(0.5) + Linear(1024, 10) (weights
# N(0, 0.01), biases 0) and an adversarial head of the same shape behind a
# gradient reversal layer, whose coefficient warms up as tllib's
# WarmStartGradientReverseLayer(alpha=1, lo=0, hi=0.1, max_iters=1000):
# 0.1 * (2 / (1 + exp(-i / 1000)) - 1) (the GRL hook at the end). mdd.py's
# defaults, which mdd.sh's digits lines keep: --margin 4, --trade-off 1.
# One joint pass over the source and target batches, as mdd.py's train
# (torch.cat((x_s, x_t))). Pair it with mdd_digits_sgd_2k.py.
from mmengine.config import read_base
from mmpretrain.models import CrossEntropyLoss

from mmda.engine.hooks import GRLLambdaHook
from mmda.models import (MarginDisparityDiscrepancyLoss, MDDBottleneck,
                         MLPClsHead)

with read_base():
    from .lenet_tllib_digits import *  # noqa: F401,F403

mdd_width = 1024
mdd_head = dict(
    type=MLPClsHead,
    num_classes=10,
    in_channels=mdd_width,
    hidden_channels=(mdd_width, ),
    dropout=0.5,
    std=0.01,
    loss=dict(type=CrossEntropyLoss, loss_weight=1.0))
# Item assignment replaces the neck and head of the base (update merges
# the keys of its LinearNeck and LinearClsHead into them).
model['neck'] = dict(
    type=MDDBottleneck,
    in_channels=500,
    out_channels=mdd_width,
    dropout=0.5,
    std=0.005,
    bias=0.1)
model['head'] = mdd_head
model['da_losses'] = [
    dict(
        type=MarginDisparityDiscrepancyLoss,
        adversarial_head=mdd_head,
        margin=4.0,
        loss_weight=1.0)
]
mdd_grl_hook = dict(type=GRLLambdaHook, gamma=1.0, max_value=0.1, horizon=1000)
