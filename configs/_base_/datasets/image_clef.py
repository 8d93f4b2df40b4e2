# ImageCLEF-DA (b, c, i, p), unsupervised DA. Default task i -> p;
# for another task set the two domains, e.g.
#   train_dataloader.dataset.domain = 'c'
#   target_dataloader.dataset.domain = 'i'
#   test_dataloader.dataset.domain = 'i'
# Validation reports the source domain (no target label is used for model
# selection); testing reports the whole target domain, as the papers do.
from mmcv.transforms import LoadImageFromFile, RandomFlip, Resize
from mmengine.dataset import DefaultSampler, InfiniteSampler
from mmpretrain.datasets import CenterCrop, PackInputs, RandomCrop
from mmpretrain.evaluation import Accuracy

from mmda.datasets import ImageCLEF

data_root = 'data/image_clef'
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
    dataset=dict(type=ImageCLEF, data_root=data_root, domain='i',
                 pipeline=train_pipeline))
# wrapped in UnlabeledDataset by the UDA loop
target_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type=InfiniteSampler, shuffle=True),
    dataset=dict(type=ImageCLEF, data_root=data_root, domain='p',
                 pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=64,
    num_workers=4,
    sampler=dict(type=DefaultSampler, shuffle=False),
    dataset=dict(type=ImageCLEF, data_root=data_root, domain='i',
                 pipeline=test_pipeline))
test_dataloader = dict(
    batch_size=64,
    num_workers=4,
    sampler=dict(type=DefaultSampler, shuffle=False),
    dataset=dict(type=ImageCLEF, data_root=data_root, domain='p',
                 pipeline=test_pipeline))
val_evaluator = dict(type=Accuracy, topk=(1, ))
test_evaluator = dict(type=Accuracy, topk=(1, ))
