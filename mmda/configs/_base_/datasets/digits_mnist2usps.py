# MNIST (labelled source) -> USPS (unlabelled target) at 28x28 grey, LeNet's
# input. Validation: the source's test split; testing: the target's.
from mmengine.config import read_base

with read_base():
    from .digits import *  # noqa: F401,F403

train_dataloader.dataset = mnist_train_gray28
target_dataloader.dataset = usps_train_gray28
val_dataloader.dataset = mnist_test_gray28
test_dataloader.dataset = usps_test_gray28
