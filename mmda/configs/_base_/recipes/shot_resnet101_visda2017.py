# SHOT stage 2 on VisDA-2017's real domain with ResNet-101, source-free: the
# target domain is the only data (batch 64), lr 1e-3. Task configs set beta
# (0.3 for SHOT, 0 for SHOT-IM). Train
# shot_source_resnet101_10e_visda2017_syn.py first.
from mmengine.config import read_base

from mmda.datasets import UnlabeledDataset
from mmda.engine.hooks import LoadFromCheckHook, PseudoLabelHook

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
# Source-free: the unlabelled target domain is the only training data.
train_dataloader = dict(
    target_dataloader,
    batch_size=64,
    dataset=dict(type=UnlabeledDataset, dataset=target_dataloader['dataset']))
target_dataloader = None
# SHOT's pseudo-labels (SHOT leaves append it; SHOT-IM, beta = 0, needs
# none): the labelling pass is the training set with the test transforms.
pseudo_label_hook = dict(type=PseudoLabelHook, pipeline=test_pipeline)
# The stage starts from exactly the source model (load_from).
custom_hooks.append(dict(type=LoadFromCheckHook, stage='the source stage'))
load_from = 'work_dirs/shot_source_resnet101_10e_visda2017_syn/epoch_10.pth'
