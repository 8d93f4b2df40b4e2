# SHOT stage 2 (Liang et al., ICML 2020), USPS -> MNIST (28x28 grey, LeNet),
# source-free, beta = 0.1 (SHOT's digit.sh);
# train shot_source_lenet_30e_digits_usps.py first.
# SHOT paper: 98.0.
from mmengine.config import read_base

from mmda.engine.hooks import PseudoLabelHook

with read_base():
    from .._base_.recipes.shot_target_digits import *  # noqa: F401,F403

train_dataloader.dataset = mnist_train_gray28
label_dataloader.dataset = mnist_train_gray28
test_dataloader.dataset = mnist_test_gray28
# The pseudo-label loader lives in the hook alone (as PreciseBNHook's).
custom_hooks.append(dict(type=PseudoLabelHook, dataloader=label_dataloader))
del label_dataloader  # noqa: F821 (a base config's; kept in the hook alone)
load_from = 'work_dirs/shot_source_lenet_30e_digits_usps/best_source.pth'
