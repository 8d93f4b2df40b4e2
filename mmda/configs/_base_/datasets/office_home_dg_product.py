# Office-Home DG, held-out domain: Product (sources: the other three).
from mmengine.config import read_base

with read_base():
    from .office_home_dg import *  # noqa: F401,F403

train_dataloader.dataset.leave_out = 'Product'
test_dataloader.dataset.domain = 'Product'
