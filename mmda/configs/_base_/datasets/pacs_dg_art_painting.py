# PACS DG, held-out domain: art_painting (sources: the other three).
from mmengine.config import read_base

with read_base():
    from .pacs_dg import *  # noqa: F401,F403

train_dataloader.dataset.leave_out = 'art_painting'
val_dataloader.dataset.leave_out = 'art_painting'
test_dataloader.dataset.domain = 'art_painting'
