# DANN (Ganin & Lempitsky, ICML 2015): GRL lambda 2 / (1 + exp(-10 p)) - 1,
# lr 0.01 / (1 + 10 p)^0.75.
# SVHN -> MNIST (32x32 RGB, DTN), 10,000 iterations of 64 + 64 images.
# DANN paper: 73.85 (its own CNN).
from mmengine.config import read_base

from mmda.engine.hooks import GRLLambdaHook

with read_base():
    from .._base_.datasets.digits import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.dtn_digits import *  # noqa: F401,F403
    from .._base_.models.lenet_dann_digits import *  # noqa: F401,F403
    from .._base_.schedules.digits_sgd_10k import *  # noqa: F401,F403

model.backbone = dtn_backbone
model.neck.in_channels = dtn_out_channels
model.data_preprocessor.update(rgb_normalisation)

custom_hooks.append(dict(type=GRLLambdaHook, gamma=10.0, max_value=1.0))
