# DANN (Ganin & Lempitsky, ICML 2015), Office-31 webcam -> dslr, ResNet-50;
# paper: 99.2 (AlexNet).
from mmengine.config import read_base

with read_base():
    from .._base_.recipes.dann_resnet50_office31 import *  # noqa: F401,F403

train_dataloader.dataset.domain = 'webcam'
val_dataloader.dataset.domain = 'webcam'
target_dataloader.dataset.domain = 'dslr'
test_dataloader.dataset.domain = 'dslr'
