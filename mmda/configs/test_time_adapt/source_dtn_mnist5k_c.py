# The source model without adaptation on the corrupted MNIST-5k test split
# (the "source" row of the test-time adaptation tables). Point load_from
# at the checkpoint of erm_dtn_500i_mnist5k_32px.py.
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.digits_c_mnist5k import *  # noqa: F401,F403
    from .erm_dtn_500i_mnist5k_32px import *  # noqa: F401,F403

test_dataloader = corrupted_test_dataloader
test_evaluator = corruption_evaluator
test_cfg = dict()
load_from = 'work_dirs/erm_dtn_500i_mnist5k_32px/iter_500.pth'
