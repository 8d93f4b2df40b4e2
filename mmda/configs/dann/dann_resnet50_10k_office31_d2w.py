# DANN (Ganin & Lempitsky, ICML 2015), Office-31 dslr -> webcam, ResNet-50;
# paper: 96.4 (AlexNet).
from mmengine.config import read_base

with read_base():
    from .._base_.recipes.dann_resnet50_office31 import *  # noqa: F401,F403

train_dataloader.dataset.domain = 'dslr'
val_dataloader.dataset.domain = 'dslr'
target_dataloader.dataset.domain = 'webcam'
test_dataloader.dataset.domain = 'webcam'
