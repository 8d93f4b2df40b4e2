# DomainNet (clipart, infograph, painting, quickdraw, real, sketch),
# unsupervised DA on the official splits. Default task clipart -> sketch:
# train on the source's and the target's train split, test on the target's
# test split. Set the domains as for Office-31 (see office31.py).
from mmengine.config import read_base
from mmpretrain.evaluation import Accuracy

from mmda.datasets import DomainNet

with read_base():
    from .resnet_image_pipelines import *  # noqa: F401,F403

data_root = 'data/domainnet'

train_dataloader = dict(
    **train_loader_cfg,
    dataset=dict(
        type=DomainNet,
        data_root=data_root,
        domain='clipart',
        split='train',
        pipeline=train_pipeline))
target_dataloader = dict(
    **train_loader_cfg,
    dataset=dict(
        type=DomainNet,
        data_root=data_root,
        domain='sketch',
        split='train',
        pipeline=train_pipeline))
val_dataloader = dict(
    **test_loader_cfg,
    dataset=dict(
        type=DomainNet,
        data_root=data_root,
        domain='clipart',
        split='test',
        pipeline=test_pipeline))
test_dataloader = dict(
    **test_loader_cfg,
    dataset=dict(
        type=DomainNet,
        data_root=data_root,
        domain='sketch',
        split='test',
        pipeline=test_pipeline))
val_evaluator = dict(type=Accuracy, topk=(1, ))
test_evaluator = dict(type=Accuracy, topk=(1, ))
