# DANN (Ganin & Lempitsky, ICML 2015) on USPS -> MNIST (28x28 grey), as tllib's
# digits recipe (network: lenet_dann_digits.py; optimisation and GRL warm-up:
# dann_digits_sgd_10k.py). lr0 = 0.1: tllib uses 0.01 for MNIST -> USPS and 0.1
# for USPS -> MNIST.
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.digits_usps2mnist import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.lenet_dann_digits import *  # noqa: F401,F403
    from .._base_.schedules.dann_digits_sgd_10k import *  # noqa: F401,F403

optim_wrapper.optimizer.update(lr=0.1)
train_dataloader.update(batch_size=dann_batch_size)
target_dataloader.update(batch_size=dann_batch_size)
custom_hooks.append(grl_hook)
