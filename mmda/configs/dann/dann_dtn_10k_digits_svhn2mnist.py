# DANN (Ganin & Lempitsky, ICML 2015) on SVHN -> MNIST (32x32 RGB, DTN),
# 10,000 iterations, as tllib's digits recipe (dann_digits_sgd_10k.py; the
# bottleneck and discriminator of lenet_dann_digits.py): lr0 = 0.03,
# 128 + 128 images per iteration.
# DANN paper: 73.85 (its own CNN).
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.digits import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.dtn_digits import *  # noqa: F401,F403
    from .._base_.models.lenet_dann_digits import *  # noqa: F401,F403
    from .._base_.schedules.dann_digits_sgd_10k import *  # noqa: F401,F403

model.backbone = dtn_backbone
model.neck.in_channels = dtn_out_channels
model.data_preprocessor.update(rgb_normalisation)

optim_wrapper.optimizer.update(lr=0.03)
train_dataloader.update(batch_size=dann_batch_size)
target_dataloader.update(batch_size=dann_batch_size)
custom_hooks.append(grl_hook)
