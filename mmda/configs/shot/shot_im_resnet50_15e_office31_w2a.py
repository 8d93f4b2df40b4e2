# SHOT-IM stage 2 (Liang et al., ICML 2020), Office-31 webcam -> amazon,
# ResNet-50, source-free; train shot_source_resnet50_100e_office31_webcam.py first.
# paper average over the tasks: 87.3.
from mmengine.config import read_base

with read_base():
    from .._base_.recipes.shot_resnet50_office31 import *  # noqa: F401,F403

train_dataloader.dataset.domain = 'amazon'
label_dataloader.dataset.domain = 'amazon'
test_dataloader.dataset.domain = 'amazon'
model.update(beta=0.0)
# SHOT-IM (beta = 0) needs no pseudo-labels.
del label_dataloader  # noqa: F821 (a base config's; kept in the hook alone)
load_from = ('work_dirs/shot_source_resnet50_100e_office31_webcam/'
             'epoch_100.pth')
