# JAN (Long et al., ICML 2017) on UCI digits -> MNIST-5k, as tllib's digits
# recipe (jan.py with jan.sh's "Digits" lines): network and loss
# lenet_jan_digits.py; optimisation mmd_digits_sgd_2k.py (jan.py's defaults:
# SGD, momentum 0.9, nesterov, weight decay 5e-4, lr0 (1 + 0.0003 i)^-0.75),
# 128 source + 128 target images per iteration, 2,000 iterations. lr0 = 0.1 as
# jan.sh's USPS -> MNIST (small source, MNIST as the target).
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.digits_uci2mnist5k import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.lenet_jan_digits import *  # noqa: F401,F403
    from .._base_.schedules.mmd_digits_sgd_2k import *  # noqa: F401,F403

optim_wrapper.optimizer.update(lr=0.1)
train_dataloader.update(batch_size=dann_batch_size)
target_dataloader.update(batch_size=dann_batch_size)
