# SHOT-IM stage 2 (Liang et al., ICML 2020) on VisDA-2017's real domain,
# ResNet-101, source-free, lr 1e-3, beta = 0.0; paper: 80.4 (mean per-class).
# Train shot_source_resnet101_10e_visda2017_syn.py first.
from mmengine.config import read_base

with read_base():
    from .._base_.recipes.shot_resnet101_visda2017 import *  # noqa: F401,F403

model.update(beta=0.0)
