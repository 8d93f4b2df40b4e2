# PACS (art_painting, cartoon, photo, sketch), domain generalisation,
# leave one domain out on the official splits. Default target: sketch.
# Train on the other three domains' train split (each sample carries its
# domain_idx), validate on their crossval split, test on the whole target
# domain (the official test split). For another target set
# train_dataloader.dataset.leave_out, val_dataloader.dataset.leave_out and
# test_dataloader.dataset.domain. For class-balanced batches use
# sampler=dict(type=ClassBalancedSampler) (mmda.datasets) in training.
from mmcv.transforms import LoadImageFromFile, RandomFlip, Resize
from mmengine.dataset import DefaultSampler, InfiniteSampler
from mmpretrain.datasets import CenterCrop, PackInputs, RandomCrop

from mmda.datasets import MultiDomainDataset, PACS
from mmda.evaluation import DomainAccuracy

data_root = 'data/pacs'
meta_keys = ('sample_idx', 'img_path', 'ori_shape', 'img_shape', 'flip',
             'flip_direction', 'domain', 'domain_idx')
# ResNet inputs: resize to 256x256, random 224 crop and flip for training,
# centre crop for testing. Normalisation is the data preprocessor's.
train_pipeline = [
    dict(type=LoadImageFromFile),
    dict(type=Resize, scale=(256, 256)),
    dict(type=RandomCrop, crop_size=224),
    dict(type=RandomFlip, prob=0.5, direction='horizontal'),
    dict(type=PackInputs, meta_keys=meta_keys),
]
test_pipeline = [
    dict(type=LoadImageFromFile),
    dict(type=Resize, scale=(256, 256)),
    dict(type=CenterCrop, crop_size=224),
    dict(type=PackInputs, meta_keys=meta_keys),
]

target_domain = 'sketch'

train_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type=InfiniteSampler, shuffle=True),
    dataset=dict(
        type=MultiDomainDataset,
        dataset=dict(type=PACS, data_root=data_root, split='train',
                     pipeline=train_pipeline),
        leave_out=target_domain))
val_dataloader = dict(
    batch_size=64,
    num_workers=4,
    sampler=dict(type=DefaultSampler, shuffle=False),
    dataset=dict(
        type=MultiDomainDataset,
        dataset=dict(type=PACS, data_root=data_root, split='val',
                     pipeline=test_pipeline),
        leave_out=target_domain))
test_dataloader = dict(
    batch_size=64,
    num_workers=4,
    sampler=dict(type=DefaultSampler, shuffle=False),
    dataset=dict(type=PACS, data_root=data_root, domain=target_domain,
                 split='test', pipeline=test_pipeline))
# per-domain accuracy of the source domains' held-out images
val_evaluator = dict(type=DomainAccuracy)
test_evaluator = dict(type=DomainAccuracy)
