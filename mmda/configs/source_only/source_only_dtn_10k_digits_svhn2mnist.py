# Source-only baseline: the UDA loop and network of DANN, no adaptation loss.
# SVHN -> MNIST (32x32 RGB, DTN), 10,000 iterations of 64 + 64 images.
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.digits import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.dtn_digits import *  # noqa: F401,F403
    from .._base_.models.lenet_digits import *  # noqa: F401,F403
    from .._base_.schedules.digits_sgd_10k import *  # noqa: F401,F403

model.backbone = dtn_backbone
model.neck.in_channels = dtn_out_channels
model.data_preprocessor.update(rgb_normalisation)
