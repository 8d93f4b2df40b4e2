# MDD (Zhang et al., ICML 2019) on UCI digits -> MNIST-5k, as tllib's
# digits recipe (mdd.py with mdd.sh's "Digits" lines): network, adversarial
# head, margin and GRL warm-up lenet_mdd_digits.py; optimisation
# mdd_digits_sgd_2k.py (weight decay 5e-4, lr-gamma 0.0002, backbone at
# 0.1 x lr), 128 source + 128 target images per iteration, 2,000
# iterations. lr0 = 0.01, as mdd.sh's USPS -> MNIST line (mdd.sh uses 0.01 in
# both directions).
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.digits_uci2mnist5k import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.lenet_mdd_digits import *  # noqa: F401,F403
    from .._base_.schedules.mdd_digits_sgd_2k import *  # noqa: F401,F403

optim_wrapper.optimizer.update(lr=0.01)
train_dataloader.update(batch_size=mdd_batch_size)
target_dataloader.update(batch_size=mdd_batch_size)
custom_hooks.append(mdd_grl_hook)
