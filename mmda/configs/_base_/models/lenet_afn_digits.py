# LeNet UDA model with AFN's feature layer (Xu et al., ICCV 2019): the 800-d
# LeNet map -> Linear(800, 500) + BN + ReLU + L2-preserved dropout 0.5 (f) ->
# Linear(500, 10). The AFN losses act on f; method configs add them to
# `model.da_losses`. (AFN reports no digits protocol: the widths follow
# lenet_digits.py so that the table compares like with like.)
from mmengine.config import read_base

from mmda.models import AFNBottleneck

with read_base():
    from .lenet_digits import *  # noqa: F401,F403

model['neck'] = dict(
    type=AFNBottleneck,
    in_channels=800,
    out_channels=500,
    dropout=0.5,
    gap=False)
# AFN's released code forwards source and target separately, so in
# training each domain's batch is normalised by its own BatchNorm
# statistics.
model['domain_forward'] = 'separate'
