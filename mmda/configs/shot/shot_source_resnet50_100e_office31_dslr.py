# SHOT stage 1 (Liang et al., ICML 2020), Office-31: the source model on dslr.
from mmengine.config import read_base

with read_base():
    from .._base_.recipes.shot_source_resnet50_office31 import *  # noqa: F401,F403

train_dataloader.dataset.domain = 'dslr'
val_dataloader.dataset.domain = 'dslr'
test_dataloader.dataset.domain = 'dslr'
