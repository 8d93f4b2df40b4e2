# DANN (Ganin & Lempitsky, ICML 2015), Office-31 dslr -> amazon, ResNet-50;
# the paper reports no number for this task.
from mmengine.config import read_base

with read_base():
    from .._base_.recipes.dann_resnet50_office31 import *  # noqa: F401,F403

train_dataloader.dataset.domain = 'dslr'
val_dataloader.dataset.domain = 'dslr'
target_dataloader.dataset.domain = 'amazon'
test_dataloader.dataset.domain = 'amazon'
