# DAN (Long et al., ICML 2015) on MNIST-5k -> UCI digits, as tllib's digits
# recipe (dan.py with dan.sh's "Digits" lines): network and loss
# lenet_dan_digits.py; optimisation mmd_digits_sgd_2k.py (dan.py's defaults:
# SGD, momentum 0.9, nesterov, weight decay 5e-4, lr0 (1 + 0.0003 i)^-0.75),
# 128 source + 128 target images per iteration, 2,000 iterations. lr0 = 0.01 as
# dan.sh's MNIST -> USPS.
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.digits_mnist5k2uci import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.lenet_dan_digits import *  # noqa: F401,F403
    from .._base_.schedules.mmd_digits_sgd_2k import *  # noqa: F401,F403

optim_wrapper.optimizer.update(lr=0.01)
train_dataloader.update(batch_size=dann_batch_size)
target_dataloader.update(batch_size=dann_batch_size)
