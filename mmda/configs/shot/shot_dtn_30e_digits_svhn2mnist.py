# SHOT stage 2 (Liang et al., ICML 2020), SVHN -> MNIST (32x32 RGB, DTN),
# source-free, beta = 0.1 (SHOT's digit.sh);
# train shot_source_dtn_30e_digits_svhn.py first.
# SHOT paper: 98.9.
from mmengine.config import read_base

with read_base():
    from .._base_.models.dtn_digits import *  # noqa: F401,F403
    from .._base_.recipes.shot_target_digits import *  # noqa: F401,F403

model.backbone = dtn_backbone
model.neck.in_channels = dtn_out_channels
model.data_preprocessor.update(rgb_normalisation)
custom_hooks.append(pseudo_label_hook)
load_from = 'work_dirs/shot_source_dtn_30e_digits_svhn/best_source.pth'
