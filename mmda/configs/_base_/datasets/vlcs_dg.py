# VLCS leave-one-domain-out with the RSC training recipe (dg_pipelines.py).
# DomainBed's release has no splits: train on the three source domains whole,
# test on the whole held-out domain, no validation (the held-out domain must
# not select models). Each leaf (tools/misc/gen_task_configs.py) picks the
# held-out domain. With the original release's splits, set split='train' on the
# training set and add a validation loader on split='val' of the sources.
from mmengine.config import read_base

with read_base():
    from .dg_pipelines import *  # noqa: F401,F403
    from .vlcs import *  # noqa: F401,F403

train_dataloader.batch_size = dg_batch_size
train_dataloader.sampler = dg_train_sampler
train_dataloader.dataset.dataset.pipeline = dg_train_pipeline
test_dataloader.dataset.pipeline = dg_test_pipeline
val_dataloader = None
val_evaluator = None
val_cfg = None
test_cfg = dict()
