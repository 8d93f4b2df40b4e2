# DomainBed's Colored MNIST (from the embedded MNIST-5k), one domain held
# out, with the protocol of rotated_mnist_dg.py: two training domains, 64
# digits of each per step; validation on their `out` parts; test on the
# held-out domain's `in` part. A leaf sets the held-out domain.
from mmengine.config import read_base

from mmda.datasets import ColoredMNIST

with read_base():
    from .rotated_mnist_dg import *  # noqa: F401,F403

train_domains = 2
train_dataloader.update(batch_size=per_domain * train_domains)
for loader in (train_dataloader, val_dataloader):
    loader['dataset']['dataset']['type'] = ColoredMNIST
    loader['dataset']['leave_out'] = '-90%'
test_dataloader.dataset.update(type=ColoredMNIST, domain='-90%')
