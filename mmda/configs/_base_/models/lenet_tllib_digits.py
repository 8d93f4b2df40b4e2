# tllib's digits network (thuml/Transfer-Learning-Library,
# tllib/vision/models/digits.py with the ImageClassifier of its DANN-family
# scripts, "-a lenet --no-pool --scratch --bottleneck-dim 256"): tllib's
# digits LeNet (two conv stages, then Linear(800, 500) + ReLU +
# Dropout(0.5)), its bottleneck Linear(500, 256) + BatchNorm1d + ReLU and a
# linear classifier, with no adaptation loss. lenet_dann_digits.py adds
# DANN's loss to it, and the ERM (source-only) configs use it as it is, so
# a method and its baseline share one network.
from mmengine.config import read_base

from mmda.models import LeNet

with read_base():
    from .lenet_digits import *  # noqa: F401,F403

model.update(
    backbone=dict(
        type=LeNet,
        in_channels=1,
        channels=(20, 50),
        dropout=0.5,
        fc_channels=500,
        fc_dropout=0.5))
model.neck.update(in_channels=500, out_channels=256)
model.head.update(in_channels=256)
