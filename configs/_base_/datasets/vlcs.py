# VLCS (Caltech101, LabelMe, SUN09, VOC2007), domain generalisation,
# leave one domain out. Default target: VOC2007. DomainBed's release has no
# splits: training uses the source domains whole, validation reports them
# per domain (training images), testing the whole target domain. With the
# original release set split='train' / 'val' / 'test' (see docs).
from mmcv.transforms import LoadImageFromFile, RandomFlip, Resize
from mmengine.dataset import DefaultSampler, InfiniteSampler
from mmpretrain.datasets import CenterCrop, PackInputs, RandomCrop

from mmda.datasets import MultiDomainDataset, VLCS
from mmda.evaluation import DomainAccuracy

data_root = 'data/vlcs'
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

target_domain = 'VOC2007'

train_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type=InfiniteSampler, shuffle=True),
    dataset=dict(
        type=MultiDomainDataset,
        dataset=dict(type=VLCS, data_root=data_root,
                     pipeline=train_pipeline),
        leave_out=target_domain))
val_dataloader = dict(
    batch_size=64,
    num_workers=4,
    sampler=dict(type=DefaultSampler, shuffle=False),
    dataset=dict(
        type=MultiDomainDataset,
        dataset=dict(type=VLCS, data_root=data_root,
                     pipeline=test_pipeline),
        leave_out=target_domain))
test_dataloader = dict(
    batch_size=64,
    num_workers=4,
    sampler=dict(type=DefaultSampler, shuffle=False),
    dataset=dict(type=VLCS, data_root=data_root, domain=target_domain,
                 pipeline=test_pipeline))
val_evaluator = dict(type=DomainAccuracy)
test_evaluator = dict(type=DomainAccuracy)
