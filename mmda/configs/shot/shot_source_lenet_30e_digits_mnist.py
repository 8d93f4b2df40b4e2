# SHOT stage 1 (Liang et al., ICML 2020): the source model on MNIST
# (28x28 grey, LeNet); testing reports USPS's test split.
from mmengine.config import read_base

with read_base():
    from .._base_.recipes.shot_source_digits import *  # noqa: F401,F403

train_dataloader.dataset = mnist_train_gray28
val_dataloader.dataset = mnist_test_gray28
test_dataloader.dataset = usps_test_gray28
