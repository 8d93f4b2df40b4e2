# ERM baseline for cnsn_wrn40_2_100e_cifar10_c.py: the same WideResNet-40-2
# and schedule without CNSN, trained on CIFAR-10, tested on CIFAR-10-C as the
# mean corruption error.
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.cifar10_c import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.wrn40_2_cifar10 import *  # noqa: F401,F403
    from .._base_.schedules.cifar_sgd_100e import *  # noqa: F401,F403
