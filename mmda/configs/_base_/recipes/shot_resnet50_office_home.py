# SHOT stage 2 on Office-Home with ResNet-50, source-free: the target domain is
# the only data (batch 64). Task configs set the target domain, load_from
# (the stage-1 checkpoint) and, for SHOT-IM, beta = 0.
from mmengine.config import read_base

from mmda.datasets import UnlabeledDataset
from mmda.engine.hooks import LoadFromCheckHook, PseudoLabelHook

with read_base():
    from ..datasets.office_home import *  # noqa: F401,F403
    from ..default_runtime import *  # noqa: F401,F403
    from ..models.resnet50_shot import *  # noqa: F401,F403
    from ..models.shot_target import *  # noqa: F401,F403
    from ..schedules.resnet_shot_target_15e import *  # noqa: F401,F403

model.update(shot)
model['head']['num_classes'] = 65
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
