# ERM (source-only) baseline with exactly DANN's digits network and recipe
# (dann_lenet_2k_digits_mnist5k2uci.py without its adaptation loss and GRL
# warm-up): tllib's digits network (lenet_tllib_digits.py), SGD with
# nesterov, weight decay 1e-3 and lr0 (1 + 0.001 i)^-0.75
# (dann_digits_sgd_2k.py), 128 source images per iteration, 2,000
# iterations. UDAImageClassifier without da_losses is the source-only model:
# the loop still draws a target batch, which never enters the network. lr0 =
# 0.01 as DANN's leaf (as erm.sh's MNIST -> USPS). tllib's erm.py differs in
# three settings (no bottleneck, lr gamma 3e-4, weight decay 5e-4); see
# docs/results.md, "ERM as tllib's erm.py (issue 20)".
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.digits_mnist5k2uci import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.lenet_tllib_digits import *  # noqa: F401,F403
    from .._base_.schedules.dann_digits_sgd_2k import *  # noqa: F401,F403

optim_wrapper.optimizer.update(lr=0.01)
train_dataloader.update(batch_size=dann_batch_size)
target_dataloader.update(batch_size=dann_batch_size)
