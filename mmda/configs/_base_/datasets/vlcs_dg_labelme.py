# VLCS DG, held-out domain: LabelMe (sources: the other three).
from mmengine.config import read_base

with read_base():
    from .vlcs_dg import *  # noqa: F401,F403

train_dataloader.dataset.leave_out = 'LabelMe'
test_dataloader.dataset.domain = 'LabelMe'
