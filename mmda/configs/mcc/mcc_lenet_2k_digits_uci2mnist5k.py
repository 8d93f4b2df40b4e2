# MCC (Jin et al., ECCV 2020) on UCI digits -> MNIST-5k, as tllib's digits
# recipe (mcc.py with mcc.sh's "Digits" lines): network and loss
# lenet_mcc_digits.py; optimisation as DANN's leaf (dann_digits_sgd_2k.py: SGD,
# momentum 0.9, nesterov, weight decay 1e-3, lr0 (1 + 0.001 i)^-0.75, which are
# mcc.py's defaults too), 128 source + 128 target images per iteration, 2,000
# iterations. lr0 = 0.1 as mcc.sh's USPS -> MNIST (small source, MNIST as the
# target). No GRL hook: MCC has no adversary.
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.digits_uci2mnist5k import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.lenet_mcc_digits import *  # noqa: F401,F403
    from .._base_.schedules.dann_digits_sgd_2k import *  # noqa: F401,F403

optim_wrapper.optimizer.update(lr=0.1)
train_dataloader.update(batch_size=dann_batch_size)
target_dataloader.update(batch_size=dann_batch_size)
