# ImageCLEF-DA (b, c, i, p), unsupervised DA. Default task i -> p;
# for another task set the two domains, e.g.
#   train_dataloader.dataset.domain = 'c'
#   target_dataloader.dataset.domain = 'i'
#   test_dataloader.dataset.domain = 'i'
# Validation reports the source domain (no target label is used for model
# selection); testing reports the whole target domain, as the papers do.
from mmengine.config import read_base
from mmpretrain.evaluation import Accuracy

from mmda.datasets import ImageCLEF

with read_base():
    from .resnet_image_pipelines import *  # noqa: F401,F403

data_root = 'data/image_clef'

train_dataloader = dict(
    **train_loader_cfg,
    dataset=dict(
        type=ImageCLEF,
        data_root=data_root,
        domain='i',
        pipeline=train_pipeline))
# wrapped in UnlabeledDataset by the UDA loop
target_dataloader = dict(
    **train_loader_cfg,
    dataset=dict(
        type=ImageCLEF,
        data_root=data_root,
        domain='p',
        pipeline=train_pipeline))
val_dataloader = dict(
    **test_loader_cfg,
    dataset=dict(
        type=ImageCLEF,
        data_root=data_root,
        domain='i',
        pipeline=test_pipeline))
test_dataloader = dict(
    **test_loader_cfg,
    dataset=dict(
        type=ImageCLEF,
        data_root=data_root,
        domain='p',
        pipeline=test_pipeline))
val_evaluator = dict(type=Accuracy, topk=(1, ))
test_evaluator = dict(type=Accuracy, topk=(1, ))
