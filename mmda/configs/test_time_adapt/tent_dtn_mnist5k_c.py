# Test-time adaptation with TENT (Wang et al., ICLR 2021) on the corrupted
# MNIST-5k test split, with the official CIFAR-10-C settings
# (DequanWang/tent cfgs/tent.yaml): Adam, lr 1e-3, beta 0.9, no weight
# decay, 1 step per batch, batch size 200, reset per corruption. To
# evaluate your own classifier, inherit your config instead of the source
# one, and set load_from and the test set. Continual instead of a reset per
# corruption: --cfg-options test_cfg.reset=continual
from mmengine.config import read_base
from torch.optim import Adam

from mmda.engine.runner import TestTimeAdaptLoop
from mmda.models import TentAdapter

with read_base():
    from .source_dtn_mnist5k_c import *  # noqa: F401,F403

model = dict(
    type=TentAdapter,
    classifier=model,
    optimizer=dict(type=Adam, lr=1e-3, betas=(0.9, 0.999), weight_decay=0.),
    steps=1)
test_cfg = dict(type=TestTimeAdaptLoop, reset='per_domain', episodic=False)
