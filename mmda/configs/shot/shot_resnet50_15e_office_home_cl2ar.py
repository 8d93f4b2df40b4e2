# SHOT stage 2 (Liang et al., ICML 2020), Office-Home Clipart -> Art,
# ResNet-50, source-free; train shot_source_resnet50_50e_office_home_clipart.py first.
# paper average over the tasks: 71.8.
from mmengine.config import read_base

from mmda.engine.hooks import PseudoLabelHook

with read_base():
    from .._base_.recipes.shot_resnet50_office_home import *  # noqa: F401,F403

train_dataloader.dataset.domain = 'Art'
label_dataloader.dataset.domain = 'Art'
test_dataloader.dataset.domain = 'Art'
# The pseudo-label loader lives in the hook alone (as PreciseBNHook's).
custom_hooks.append(dict(type=PseudoLabelHook, dataloader=label_dataloader))
del label_dataloader  # noqa: F821 (a base config's; kept in the hook alone)
load_from = ('work_dirs/shot_source_resnet50_50e_office_home_clipart/'
             'epoch_50.pth')
