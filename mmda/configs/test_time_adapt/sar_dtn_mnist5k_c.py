# Test-time adaptation with SAR (Niu et al., ICLR 2023) on the corrupted
# MNIST-5k test split, with the test-time adaptation library's CIFAR-10-C
# settings (mariodoebler/test-time-adaptation, cfgs/cifar10_c/sar.yaml and
# conf.py): SAM (rho 0.05) around SGD, lr 1e-3, momentum 0.9; reliable
# entropy margin 0.4 ln K; model recovery below a moving-average entropy of
# 0.2; 1 step per batch, batch size 200, reset per corruption. To evaluate
# your own classifier, inherit your config instead of the source one, and
# set load_from and the test set.
from mmengine.config import read_base
from torch.optim import SGD

from mmda.engine.runner import TestTimeAdaptLoop
from mmda.models import SARAdapter

with read_base():
    from .source_dtn_mnist5k_c import *  # noqa: F401,F403

model = dict(
    type=SARAdapter,
    classifier=model,
    optimizer=dict(type=SGD, lr=1e-3, momentum=0.9),
    rho=0.05,
    margin=0.4,
    reset_constant=0.2,
    steps=1)
test_cfg = dict(type=TestTimeAdaptLoop, reset='per_domain', episodic=False)
