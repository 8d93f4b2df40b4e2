# SHOT stage 2 (Liang et al., ICML 2020), MNIST -> USPS (28x28 grey, LeNet),
# source-free, beta = 0 (SHOT-IM);
# train shot_source_lenet_30e_digits_mnist.py first.
# SHOT paper: SHOT-IM digits average 98.2.
from mmengine.config import read_base

with read_base():
    from .._base_.recipes.shot_target_digits import *  # noqa: F401,F403

train_dataloader.dataset.dataset = usps_train_gray28
test_dataloader.dataset = usps_test_gray28
model.update(shot_im)
load_from = 'work_dirs/shot_source_lenet_30e_digits_mnist/best_source.pth'
