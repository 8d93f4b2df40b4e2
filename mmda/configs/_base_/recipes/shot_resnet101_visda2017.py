# SHOT stage 2 on VisDA-2017's real domain with ResNet-101, source-free: the
# target domain is the only data (batch 64), lr 1e-3. Task configs set beta
# (0.3 for SHOT, 0 for SHOT-IM). Train
# shot_source_resnet101_10e_visda2017_syn.py first.
from mmengine.config import read_base
from mmengine.dataset import DefaultSampler

from mmda.engine.hooks import PseudoLabelHook

with read_base():
    from ..datasets.visda2017 import *  # noqa: F401,F403
    from ..default_runtime import *  # noqa: F401,F403
    from ..models.resnet50_shot import *  # noqa: F401,F403
    from ..models.shot_target import *  # noqa: F401,F403
    from ..schedules.resnet_shot_target_15e import *  # noqa: F401,F403

model.update(shot)
model['backbone']['depth'] = 101
model['backbone']['init_cfg']['checkpoint'] = (
    'data/pretrained/resnet101-imagenet.pth')
model['head']['num_classes'] = 12
optim_wrapper['optimizer']['lr'] = 1e-3
train_dataloader = target_dataloader
train_dataloader.update(batch_size=64)
label_dataloader = dict(
    batch_size=64,
    num_workers=4,
    sampler=dict(type=DefaultSampler, shuffle=False),
    dataset=dict(test_dataloader['dataset']))
target_dataloader = None
# The pseudo-label loader lives in the hook alone (as PreciseBNHook's);
# SHOT-IM (beta = 0) removes the hook.
custom_hooks.append(dict(type=PseudoLabelHook, dataloader=label_dataloader))
del label_dataloader  # noqa: F821 (a base config's; kept in the hook alone)
load_from = 'work_dirs/shot_source_resnet101_10e_visda2017_syn/epoch_10.pth'
