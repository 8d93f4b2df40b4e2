# SHOT target stage on MNIST-5k: the target's training split is
# the only training data (unlabelled), once shuffled for training and once
# in order for the pseudo-label pass; testing reports its held-out split.
from mmengine.config import read_base

from mmda.datasets import UnlabeledDataset

with read_base():
    from .embedded_digits import *  # noqa: F401,F403

train_dataloader = dict(
    **loader_cfg,
    dataset=dict(type=UnlabeledDataset, dataset=mnist5k_train),
    sampler=train_sampler)
test_dataloader = dict(
    **loader_cfg, dataset=mnist5k_test, sampler=test_sampler)
test_evaluator = evaluator
