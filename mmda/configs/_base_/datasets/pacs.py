# PACS (art_painting, cartoon, photo, sketch), domain generalisation,
# leave one domain out on the official splits. Default target: sketch.
# Train on the other three domains' train split (each sample carries its
# domain_idx), validate on their crossval split, test on the whole target
# domain (the official test split). For another target set
# train_dataloader.dataset.leave_out, val_dataloader.dataset.leave_out and
# test_dataloader.dataset.domain. For class-balanced batches use
# sampler=dict(type=ClassBalancedSampler) (mmda.datasets) in training.
from mmengine.config import read_base

from mmda.datasets import PACS, MultiDomainDataset
from mmda.evaluation import DomainAccuracy

with read_base():
    from .resnet_image_pipelines import *  # noqa: F401,F403

data_root = 'data/pacs'

target_domain = 'sketch'

train_dataloader = dict(
    **train_loader_cfg,
    dataset=dict(
        type=MultiDomainDataset,
        dataset=dict(
            type=PACS,
            data_root=data_root,
            split='train',
            pipeline=train_pipeline),
        leave_out=target_domain))
val_dataloader = dict(
    **test_loader_cfg,
    dataset=dict(
        type=MultiDomainDataset,
        dataset=dict(
            type=PACS,
            data_root=data_root,
            split='val',
            pipeline=test_pipeline),
        leave_out=target_domain))
test_dataloader = dict(
    **test_loader_cfg,
    dataset=dict(
        type=PACS,
        data_root=data_root,
        domain=target_domain,
        split='test',
        pipeline=test_pipeline))
# per-domain accuracy of the source domains' held-out images
val_evaluator = dict(type=DomainAccuracy)
test_evaluator = dict(type=DomainAccuracy)
