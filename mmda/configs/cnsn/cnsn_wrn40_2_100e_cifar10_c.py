# CNSN (Tang et al., ICCV 2021) on WideResNet-40-2, trained on CIFAR-10,
# tested on CIFAR-10-C (15 corruptions x 5 severities) as the mean
# corruption error. Paper: mCE 16.9 (CN 21.6, SN 20.8; CNSN + AugMix 9.9).
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.cifar10_c import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.wrn40_2_cifar10_cnsn import *  # noqa: F401,F403
    from .._base_.schedules.cifar_sgd_100e import *  # noqa: F401,F403

custom_hooks.extend(plugin_hooks)
