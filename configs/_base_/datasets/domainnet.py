# DomainNet (clipart, infograph, painting, quickdraw, real, sketch),
# unsupervised DA on the official splits. Default task clipart -> sketch:
# train on the source's and the target's train split, test on the target's
# test split. Set the domains as for Office-31 (see office31.py).
from mmcv.transforms import LoadImageFromFile, RandomFlip, Resize
from mmengine.dataset import DefaultSampler, InfiniteSampler
from mmpretrain.datasets import CenterCrop, PackInputs, RandomCrop
from mmpretrain.evaluation import Accuracy

from mmda.datasets import DomainNet

data_root = 'data/domainnet'
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

train_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type=InfiniteSampler, shuffle=True),
    dataset=dict(type=DomainNet, data_root=data_root, domain='clipart',
                 split='train', pipeline=train_pipeline))
target_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type=InfiniteSampler, shuffle=True),
    dataset=dict(type=DomainNet, data_root=data_root, domain='sketch',
                 split='train', pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=64,
    num_workers=4,
    sampler=dict(type=DefaultSampler, shuffle=False),
    dataset=dict(type=DomainNet, data_root=data_root, domain='clipart',
                 split='test', pipeline=test_pipeline))
test_dataloader = dict(
    batch_size=64,
    num_workers=4,
    sampler=dict(type=DefaultSampler, shuffle=False),
    dataset=dict(type=DomainNet, data_root=data_root, domain='sketch',
                 split='test', pipeline=test_pipeline))
val_evaluator = dict(type=Accuracy, topk=(1, ))
test_evaluator = dict(type=Accuracy, topk=(1, ))
