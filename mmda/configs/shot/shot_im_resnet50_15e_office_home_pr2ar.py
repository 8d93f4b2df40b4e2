# SHOT-IM stage 2 (Liang et al., ICML 2020), Office-Home Product -> Art,
# ResNet-50, source-free; train shot_source_resnet50_50e_office_home_product.py first.
# the paper reports no number for this task.
from mmengine.config import read_base

with read_base():
    from .._base_.recipes.shot_resnet50_office_home import *  # noqa: F401,F403

train_dataloader.dataset.domain = 'Art'
label_dataloader.dataset.domain = 'Art'
test_dataloader.dataset.domain = 'Art'
model.update(beta=0.0)
# SHOT-IM (beta = 0) needs no pseudo-labels.
del label_dataloader  # noqa: F821 (a base config's; kept in the hook alone)
load_from = ('work_dirs/shot_source_resnet50_50e_office_home_product/'
             'epoch_50.pth')
