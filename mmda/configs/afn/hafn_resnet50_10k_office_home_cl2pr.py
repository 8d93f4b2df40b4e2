# HAFN (Xu et al., ICCV 2019), Office-Home Clipart -> Product, ResNet-50;
# paper average over the tasks: 65.4.
from mmengine.config import read_base

with read_base():
    from .._base_.recipes.afn_resnet50_office_home import *  # noqa: F401,F403

train_dataloader.dataset.domain = 'Clipart'
val_dataloader.dataset.domain = 'Clipart'
target_dataloader.dataset.domain = 'Product'
test_dataloader.dataset.domain = 'Product'
model.update(da_losses=[hafn])
