# SHOT-IM stage 2 (Liang et al., ICML 2020) on VisDA-2017's real domain,
# ResNet-101, source-free, lr 1e-3, beta = 0.0; paper: 80.4 (mean per-class).
# Train shot-source_resnet101_10e_visda2017-syn.py first.
from mmengine.config import read_base
from mmengine.dataset import DefaultSampler

with read_base():
    from .._base_.datasets.visda2017 import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.resnet50_shot import *  # noqa: F401,F403
    from .._base_.models.shot_target import *  # noqa: F401,F403
    from .._base_.schedules.resnet_shot_target_15e import *  # noqa: F401,F403

model.update(shot, beta=0.0)
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
train_cfg.update(label_dataloader=label_dataloader)
load_from = 'work_dirs/shot-source_resnet101_10e_visda2017-syn/epoch_10.pth'
