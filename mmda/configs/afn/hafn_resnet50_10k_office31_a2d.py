# HAFN (Xu et al., ICCV 2019), Office-31 amazon -> dslr, ResNet-50;
# paper average over the tasks: 83.9.
from mmengine.config import read_base

with read_base():
    from .._base_.recipes.afn_resnet50_office31 import *  # noqa: F401,F403

train_dataloader.dataset.domain = 'amazon'
val_dataloader.dataset.domain = 'amazon'
target_dataloader.dataset.domain = 'dslr'
test_dataloader.dataset.domain = 'dslr'
model.update(da_losses=[hafn])
