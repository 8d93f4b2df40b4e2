# Test-time adaptation with BN-1 (test-batch statistics) on the corrupted
# MNIST-5k test split. To evaluate your own classifier, inherit your config
# instead of the source one, and set load_from and the test set. Continual
# instead of a reset per corruption: --cfg-options test_cfg.reset=continual
from mmengine.config import read_base

from mmda.engine.runner import TestTimeAdaptLoop
from mmda.models import BNAdapter

with read_base():
    from .source_dtn_mnist5k_c import *  # noqa: F401,F403

model = dict(type=BNAdapter, classifier=model)
test_cfg = dict(type=TestTimeAdaptLoop, reset='per_domain', episodic=False)
