# SHOT stage 1 (Liang et al., ICML 2020): the source model on SVHN
# (32x32 RGB, DTN); testing reports MNIST's test split.
from mmengine.config import read_base

with read_base():
    from .._base_.models.dtn_digits import *  # noqa: F401,F403
    from .._base_.recipes.shot_source_digits import *  # noqa: F401,F403

model.backbone = dtn_backbone
model.neck.in_channels = dtn_out_channels
model.data_preprocessor.update(rgb_normalisation)
