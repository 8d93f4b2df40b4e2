# Office-31 (amazon, dslr, webcam), unsupervised DA. Default task A -> W;
# for another task set the two domains, e.g.
#   train_dataloader.dataset.domain = 'dslr'
#   target_dataloader.dataset.domain = 'amazon'
#   test_dataloader.dataset.domain = 'amazon'
# Validation reports the source domain (no target label is used for model
# selection); testing reports the whole target domain, as the papers do.
from mmengine.config import read_base
from mmpretrain.evaluation import Accuracy

from mmda.datasets import Office31

with read_base():
    from .resnet_image_pipelines import *  # noqa: F401,F403

data_root = 'data/office31'

train_dataloader = dict(
    **train_loader_cfg,
    dataset=dict(
        type=Office31,
        data_root=data_root,
        domain='amazon',
        pipeline=train_pipeline))
# wrapped in UnlabeledDataset by the UDA loop
target_dataloader = dict(
    **train_loader_cfg,
    dataset=dict(
        type=Office31,
        data_root=data_root,
        domain='webcam',
        pipeline=train_pipeline))
val_dataloader = dict(
    **test_loader_cfg,
    dataset=dict(
        type=Office31,
        data_root=data_root,
        domain='amazon',
        pipeline=test_pipeline))
test_dataloader = dict(
    **test_loader_cfg,
    dataset=dict(
        type=Office31,
        data_root=data_root,
        domain='webcam',
        pipeline=test_pipeline))
val_evaluator = dict(type=Accuracy, topk=(1, ))
test_evaluator = dict(type=Accuracy, topk=(1, ))
