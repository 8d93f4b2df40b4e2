# Test-time adaptation with EATA (Niu et al., ICML 2022) on the corrupted
# MNIST-5k test split, with the test-time adaptation library's CIFAR-10-C
# settings (mariodoebler/test-time-adaptation, cfgs/cifar10_c/eata.yaml and
# conf.py): Adam, lr 1e-3, beta 0.9; reliable entropy margin 0.4 ln K;
# redundancy margin 0.4 (the paper's ImageNet value, and the class default,
# is 0.05); Fisher weight 1 (2000) from 2,000 random clean source training
# images in batches of 200 (the test batch size); 1 step per batch, batch
# size 200, reset per corruption. To evaluate your own classifier, inherit
# your config instead of the source one, and set load_from, the test set
# and the source set of FisherImportanceHook. ETA (no Fisher term, no
# source data): --cfg-options model.fisher_alpha=0
from mmengine.config import read_base
from mmengine.dataset import DefaultSampler, pseudo_collate
from torch.optim import Adam

from mmda.datasets import MNIST5k
from mmda.engine.hooks import FisherImportanceHook
from mmda.engine.runner import TestTimeAdaptLoop
from mmda.models import EATAAdapter

with read_base():
    from .source_dtn_mnist5k_c import *  # noqa: F401,F403

model = dict(
    type=EATAAdapter,
    classifier=model,
    optimizer=dict(type=Adam, lr=1e-3, betas=(0.9, 0.999), weight_decay=0.),
    margin=0.4,
    d_margin=0.4,
    fisher_alpha=1.,
    prob_momentum=0.1,
    steps=1)
test_cfg = dict(type=TestTimeAdaptLoop, reset='per_domain', episodic=False)
# The source data of the Fisher importance: the clean training split the
# source model was trained on, with its (non-augmenting) pipeline; the
# first 2,000 of a seeded shuffle are a random subset in a random order.
fisher_dataloader = dict(
    batch_size=200,
    num_workers=0,
    persistent_workers=False,
    collate_fn=dict(type=pseudo_collate),
    sampler=dict(type=DefaultSampler, shuffle=True, seed=0),
    dataset=dict(type=MNIST5k, split='train', pipeline=mnist5k_32px_pipeline))
custom_hooks.append(
    dict(
        type=FisherImportanceHook,
        dataloader=fisher_dataloader,
        num_samples=2000))
