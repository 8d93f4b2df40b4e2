# PACS DG, held-out domain: sketch (sources: the other three).
from mmengine.config import read_base

with read_base():
    from .pacs_dg import *  # noqa: F401,F403

train_dataloader.dataset.leave_out = 'sketch'
val_dataloader.dataset.leave_out = 'sketch'
test_dataloader.dataset.domain = 'sketch'
