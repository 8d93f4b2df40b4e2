# VLCS (Caltech101, LabelMe, SUN09, VOC2007), domain generalisation,
# leave one domain out. Default target: VOC2007. DomainBed's release has no
# splits: training uses the source domains whole, validation reports them
# per domain (training images), testing the whole target domain. With the
# original release set split='train' / 'val' / 'test' (see docs).
from mmengine.config import read_base

from mmda.datasets import VLCS, MultiDomainDataset
from mmda.evaluation import DomainAccuracy

with read_base():
    from .resnet_image_pipelines import *  # noqa: F401,F403

data_root = 'data/vlcs'

target_domain = 'VOC2007'

train_dataloader = dict(
    **train_loader_cfg,
    dataset=dict(
        type=MultiDomainDataset,
        dataset=dict(type=VLCS, data_root=data_root, pipeline=train_pipeline),
        leave_out=target_domain))
val_dataloader = dict(
    **test_loader_cfg,
    dataset=dict(
        type=MultiDomainDataset,
        dataset=dict(type=VLCS, data_root=data_root, pipeline=test_pipeline),
        leave_out=target_domain))
test_dataloader = dict(
    **test_loader_cfg,
    dataset=dict(
        type=VLCS,
        data_root=data_root,
        domain=target_domain,
        pipeline=test_pipeline))
val_evaluator = dict(type=DomainAccuracy)
test_evaluator = dict(type=DomainAccuracy)
