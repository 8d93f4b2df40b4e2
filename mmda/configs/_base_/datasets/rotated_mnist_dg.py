# DomainBed's Rotated MNIST (built from the embedded MNIST-5k; set
# `data_root` on the RotatedMNIST dicts for MNIST's idx files), one domain
# held out. As DomainBed's protocol with training-domain validation:
# - train: the `in` part (80 %) of the five training domains, 64 digits of
#   each domain per step (DomainStratifiedSampler: DomainBed's per-domain
#   minibatches, drawn with replacement);
# - val: the `out` part (20 %) of the training domains, which selects the
#   checkpoint (DomainBed's IIDAccuracySelectionMethod);
# - test: the `in` part of the held-out domain (DomainBed's env{i}_in_acc).
# The environments follow the run's seed (env_seed=None), as DomainBed's.
# A leaf sets `held_out` on the three loaders.
from mmengine.dataset import DefaultSampler, pseudo_collate
from mmpretrain.datasets import PackInputs
from mmpretrain.evaluation import Accuracy

from mmda.datasets import (DOMAIN_META_KEYS, DomainStratifiedSampler,
                           MultiDomainDataset, RotatedMNIST)

per_domain = 64  # DomainBed's batch_size for its small images
train_domains = 5
pipeline = [dict(type=PackInputs, meta_keys=DOMAIN_META_KEYS)]
loader_cfg = dict(
    num_workers=0,
    persistent_workers=False,
    collate_fn=dict(type=pseudo_collate))

train_dataloader = dict(
    **loader_cfg,
    batch_size=per_domain * train_domains,
    dataset=dict(
        type=MultiDomainDataset,
        leave_out='0',
        dataset=dict(type=RotatedMNIST, split='in', pipeline=pipeline)),
    sampler=dict(type=DomainStratifiedSampler, per_domain=per_domain))
val_dataloader = dict(
    **loader_cfg,
    batch_size=256,
    dataset=dict(
        type=MultiDomainDataset,
        leave_out='0',
        dataset=dict(type=RotatedMNIST, split='out', pipeline=pipeline)),
    sampler=dict(type=DefaultSampler, shuffle=False))
test_dataloader = dict(
    **loader_cfg,
    batch_size=256,
    dataset=dict(type=RotatedMNIST, domain='0', split='in', pipeline=pipeline),
    sampler=dict(type=DefaultSampler, shuffle=False))
val_evaluator = dict(type=Accuracy, topk=(1, ))
test_evaluator = val_evaluator
