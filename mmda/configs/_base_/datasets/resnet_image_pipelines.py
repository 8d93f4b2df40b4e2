# Inputs and loader settings shared by the image benchmarks (Office-31,
# Office-Home, VisDA-2017, DomainNet, ImageCLEF-DA, PACS, VLCS) for ResNets:
# resize to 256x256, random 224 crop and flip for training, centre crop for
# testing. Normalisation is the data preprocessor's.
from mmcv.transforms import LoadImageFromFile, RandomFlip, Resize
from mmengine.dataset import DefaultSampler, InfiniteSampler
from mmpretrain.datasets import CenterCrop, PackInputs, RandomCrop

meta_keys = ('sample_idx', 'img_path', 'ori_shape', 'img_shape', 'flip',
             'flip_direction', 'domain', 'domain_idx')
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

# Training loaders cycle for the iteration-based loops.
train_loader_cfg = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type=InfiniteSampler, shuffle=True))
test_loader_cfg = dict(
    batch_size=64,
    num_workers=4,
    sampler=dict(type=DefaultSampler, shuffle=False))
