# VisDA-2017 classification: synthetic (train) -> real (validation).
# Validation reports the source domain (no target label is used for model
# selection); testing reports the validation domain with the official
# metric, the mean per-class accuracy (its per-class table is logged).
from mmengine.config import read_base
from mmpretrain.evaluation import Accuracy

from mmda.datasets import VisDA2017
from mmda.evaluation import MeanClassAccuracy

with read_base():
    from .resnet_image_pipelines import *  # noqa: F401,F403

data_root = 'data/visda2017'

train_dataloader = dict(
    **train_loader_cfg,
    dataset=dict(
        type=VisDA2017,
        data_root=data_root,
        domain='train',
        pipeline=train_pipeline))
# wrapped in UnlabeledDataset by the UDA loop
target_dataloader = dict(
    **train_loader_cfg,
    dataset=dict(
        type=VisDA2017,
        data_root=data_root,
        domain='validation',
        pipeline=train_pipeline))
val_dataloader = dict(
    **test_loader_cfg,
    dataset=dict(
        type=VisDA2017,
        data_root=data_root,
        domain='train',
        pipeline=test_pipeline))
test_dataloader = dict(
    **test_loader_cfg,
    dataset=dict(
        type=VisDA2017,
        data_root=data_root,
        domain='validation',
        pipeline=test_pipeline))
val_evaluator = dict(type=Accuracy, topk=(1, ))
test_evaluator = dict(type=MeanClassAccuracy)
