# DANN (Ganin & Lempitsky, ICML 2015), Office-Home Product -> Clipart, ResNet-50;
# the paper reports no number for this task.
from mmengine.config import read_base

with read_base():
    from .._base_.recipes.dann_resnet50_office_home import *  # noqa: F401,F403

train_dataloader.dataset.domain = 'Product'
val_dataloader.dataset.domain = 'Product'
target_dataloader.dataset.domain = 'Clipart'
test_dataloader.dataset.domain = 'Clipart'
