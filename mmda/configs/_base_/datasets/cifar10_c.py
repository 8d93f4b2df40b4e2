# CIFAR-10 -> CIFAR-10-C robustness. Train on CIFAR-10's train batches,
# validate on the clean test batch, test on CIFAR-10-C: the 15 corruptions
# at 5 severities, reported as the mean corruption error (average top-1
# error in %, as CNSN reports it). Select a part with
#   test_dataloader.dataset.corruption = 'fog' (or a list)
#   test_dataloader.dataset.severity = 5 (or a list)
from mmcv.transforms import RandomFlip
from mmengine.dataset import DefaultSampler, InfiniteSampler
from mmpretrain.datasets import PackInputs, RandomCrop
from mmpretrain.evaluation import Accuracy

from mmda.datasets import CIFAR10C, CIFAR10Batches
from mmda.evaluation import CorruptionError

data_root = 'data/cifar10'
corrupted_root = 'data/CIFAR-10-C'
meta_keys = ('sample_idx', 'corruption', 'severity')
train_pipeline = [
    dict(type=RandomCrop, crop_size=32, padding=4),
    dict(type=RandomFlip, prob=0.5, direction='horizontal'),
    dict(type=PackInputs),
]
test_pipeline = [dict(type=PackInputs, meta_keys=meta_keys)]

train_dataloader = dict(
    batch_size=128,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type=InfiniteSampler, shuffle=True),
    dataset=dict(
        type=CIFAR10Batches,
        data_root=data_root,
        split='train',
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=256,
    num_workers=4,
    sampler=dict(type=DefaultSampler, shuffle=False),
    dataset=dict(
        type=CIFAR10Batches,
        data_root=data_root,
        split='test',
        pipeline=test_pipeline))
test_dataloader = dict(
    batch_size=256,
    num_workers=4,
    sampler=dict(type=DefaultSampler, shuffle=False),
    dataset=dict(
        type=CIFAR10C,
        data_root=corrupted_root,
        corruption='all',
        severity='all',
        pipeline=test_pipeline))
val_evaluator = dict(type=Accuracy, topk=(1, ))
test_evaluator = dict(type=CorruptionError)
