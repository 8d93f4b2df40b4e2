# VLCS DG, held-out domain: SUN09 (sources: the other three).
from mmengine.config import read_base

with read_base():
    from .vlcs_dg import *  # noqa: F401,F403

train_dataloader.dataset.leave_out = 'SUN09'
test_dataloader.dataset.domain = 'SUN09'
