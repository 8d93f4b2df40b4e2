# CIFAR-100 -> CIFAR-100-C robustness: CIFAR-10-C's settings (cifar10_c.py)
# with the 100-class sets. Train on CIFAR-100's train batches, validate on
# the clean test batch, test on CIFAR-100-C: the 15 corruptions at 5
# severities, reported as the mean corruption error (average top-1 error in
# %, as CNSN reports it). Select a part with
#   test_dataloader.dataset.corruption = 'fog' (or a list)
#   test_dataloader.dataset.severity = 5 (or a list)
from mmengine.config import read_base

from mmda.datasets import CIFAR100C, CIFAR100Batches

with read_base():
    from .cifar10_c import *  # noqa: F401,F403

data_root = 'data/cifar100'
corrupted_root = 'data/CIFAR-100-C'
train_dataloader.dataset.update(type=CIFAR100Batches, data_root=data_root)
val_dataloader.dataset.update(type=CIFAR100Batches, data_root=data_root)
test_dataloader.dataset.update(type=CIFAR100C, data_root=corrupted_root)
