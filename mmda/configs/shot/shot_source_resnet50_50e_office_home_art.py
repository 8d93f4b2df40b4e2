# SHOT stage 1 (Liang et al., ICML 2020), Office-Home: the source model on Art.
from mmengine.config import read_base

with read_base():
    from .._base_.recipes.shot_source_resnet50_office_home import *  # noqa: F401,F403

train_dataloader.dataset.domain = 'Art'
val_dataloader.dataset.domain = 'Art'
test_dataloader.dataset.domain = 'Art'
