# PACS leave-one-domain-out with the RSC training recipe (dg_pipelines.py):
# train on the three source domains' official train split, select models on
# their official crossval split (never on the held-out domain), test on the
# whole held-out domain. Each leaf (tools/misc/gen_task_configs.py) picks the
# held-out domain.
from mmengine.config import read_base

with read_base():
    from .dg_pipelines import *  # noqa: F401,F403
    from .pacs import *  # noqa: F401,F403

train_dataloader.batch_size = dg_batch_size
train_dataloader.sampler = dg_train_sampler
train_dataloader.dataset.dataset.pipeline = dg_train_pipeline
val_dataloader.dataset.dataset.pipeline = dg_test_pipeline
test_dataloader.dataset.pipeline = dg_test_pipeline
val_cfg = dict()
test_cfg = dict()
