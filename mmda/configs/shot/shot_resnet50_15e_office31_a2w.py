# SHOT stage 2 (Liang et al., ICML 2020), Office-31 amazon -> webcam,
# ResNet-50, source-free; train shot_source_resnet50_100e_office31_amazon.py first.
# paper: 90.1; paper average over the tasks: 88.6.
from mmengine.config import read_base

from mmda.engine.hooks import PseudoLabelHook

with read_base():
    from .._base_.recipes.shot_resnet50_office31 import *  # noqa: F401,F403

train_dataloader.dataset.domain = 'webcam'
label_dataloader.dataset.domain = 'webcam'
test_dataloader.dataset.domain = 'webcam'
# The pseudo-label loader lives in the hook alone (as PreciseBNHook's).
custom_hooks.append(dict(type=PseudoLabelHook, dataloader=label_dataloader))
del label_dataloader  # noqa: F821 (a base config's; kept in the hook alone)
load_from = ('work_dirs/shot_source_resnet50_100e_office31_amazon/'
             'epoch_100.pth')
