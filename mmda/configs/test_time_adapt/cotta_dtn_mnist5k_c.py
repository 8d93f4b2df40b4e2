# Test-time adaptation with CoTTA (Wang et al., CVPR 2022) on the corrupted
# MNIST-5k test split, with the test-time adaptation library's CIFAR-10-C
# settings (mariodoebler/test-time-adaptation, cfgs/cifar10_c/cotta.yaml and
# conf.py): Adam, lr 1e-3, beta 0.9, every weight and bias adapted; teacher
# momentum 0.999; restoration probability 0.01; anchor confidence threshold
# 0.92; 32 augmentations; the plain (CIFAR) soft cross-entropy; 1 step per
# batch, batch size 200. CoTTA is a continual method: the 15 corruptions
# in a row without a reset (per corruption instead:
# --cfg-options test_cfg.reset=per_domain). To evaluate your own
# classifier, inherit your config instead of the source one, and set
# load_from and the test set.
from mmengine.config import read_base
from torch.optim import Adam

from mmda.engine.runner import TestTimeAdaptLoop
from mmda.models import CoTTAAdapter

with read_base():
    from .source_dtn_mnist5k_c import *  # noqa: F401,F403

model = dict(
    type=CoTTAAdapter,
    classifier=model,
    optimizer=dict(type=Adam, lr=1e-3, betas=(0.9, 0.999), weight_decay=0.),
    mt=0.999,
    rst=0.01,
    ap=0.92,
    num_augmentations=32,
    symmetric=False,
    seed=0,
    steps=1)
test_cfg = dict(type=TestTimeAdaptLoop, reset='continual', episodic=False)
