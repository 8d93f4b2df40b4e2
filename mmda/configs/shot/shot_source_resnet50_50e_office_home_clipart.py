# SHOT stage 1 (Liang et al., ICML 2020), Office-Home: the source model on Clipart.
from mmengine.config import read_base

with read_base():
    from .._base_.recipes.shot_source_resnet50_office_home import *  # noqa: F401,F403

train_dataloader.dataset.domain = 'Clipart'
val_dataloader.dataset.domain = 'Clipart'
test_dataloader.dataset.domain = 'Clipart'
