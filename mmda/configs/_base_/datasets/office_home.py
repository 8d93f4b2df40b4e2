# Office-Home (Art, Clipart, Product, Real_World), unsupervised DA. Default
# task Ar -> Cl;
# for another task set the two domains, e.g.
#   train_dataloader.dataset.domain = 'Product'
#   target_dataloader.dataset.domain = 'Art'
#   test_dataloader.dataset.domain = 'Art'
# Validation reports the source domain (no target label is used for model
# selection); testing reports the whole target domain, as the papers do.
from mmengine.config import read_base
from mmpretrain.evaluation import Accuracy

from mmda.datasets import OfficeHome

with read_base():
    from .resnet_image_pipelines import *  # noqa: F401,F403

data_root = 'data/office_home'

train_dataloader = dict(
    **train_loader_cfg,
    dataset=dict(
        type=OfficeHome,
        data_root=data_root,
        domain='Art',
        pipeline=train_pipeline))
# wrapped in UnlabeledDataset by the UDA loop
target_dataloader = dict(
    **train_loader_cfg,
    dataset=dict(
        type=OfficeHome,
        data_root=data_root,
        domain='Clipart',
        pipeline=train_pipeline))
val_dataloader = dict(
    **test_loader_cfg,
    dataset=dict(
        type=OfficeHome,
        data_root=data_root,
        domain='Art',
        pipeline=test_pipeline))
test_dataloader = dict(
    **test_loader_cfg,
    dataset=dict(
        type=OfficeHome,
        data_root=data_root,
        domain='Clipart',
        pipeline=test_pipeline))
val_evaluator = dict(type=Accuracy, topk=(1, ))
test_evaluator = dict(type=Accuracy, topk=(1, ))
