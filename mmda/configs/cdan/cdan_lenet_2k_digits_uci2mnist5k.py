# CDAN (Long et al., NeurIPS 2018) on UCI digits -> MNIST-5k, as tllib's
# digits recipe (network: lenet_cdan_digits.py; optimisation and GRL
# warm-up: dann_digits_sgd_2k.py, which cdan.py shares with dann.py).
# lr0 = 0.1: cdan.sh uses 0.01 for MNIST -> USPS and 0.1 for USPS -> MNIST;
# UCI -> MNIST-5k is the embedded counterpart of USPS -> MNIST (small
# source, MNIST as the target).
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.digits_uci2mnist5k import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.lenet_cdan_digits import *  # noqa: F401,F403
    from .._base_.schedules.dann_digits_sgd_2k import *  # noqa: F401,F403

optim_wrapper.optimizer.update(lr=0.1)
train_dataloader.update(batch_size=dann_batch_size)
target_dataloader.update(batch_size=dann_batch_size)
custom_hooks.append(grl_hook)
