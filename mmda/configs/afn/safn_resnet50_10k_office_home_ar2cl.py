# SAFN (Xu et al., ICCV 2019), Office-Home Art -> Clipart, ResNet-50;
# paper average over the tasks: 67.3.
from mmengine.config import read_base

with read_base():
    from .._base_.recipes.afn_resnet50_office_home import *  # noqa: F401,F403

train_dataloader.dataset.domain = 'Art'
val_dataloader.dataset.domain = 'Art'
target_dataloader.dataset.domain = 'Clipart'
test_dataloader.dataset.domain = 'Clipart'
model.update(da_losses=[safn])
