# Office-Home leave-one-domain-out (domain generalisation, as in RSC's
# Office-Home experiment) with the RSC training recipe (dg_pipelines.py): train
# on the three source domains whole, test on the whole held-out domain, no
# validation (the release has no splits, and the held-out domain must not
# select models). Each leaf (tools/misc/gen_task_configs.py) picks the held-out
# domain. Reuses office_home.py's data root and test loader; its UDA target
# loader is dropped.
from mmengine.config import read_base

from mmda.datasets import MultiDomainDataset, OfficeHome
from mmda.evaluation import DomainAccuracy

with read_base():
    from .dg_pipelines import *  # noqa: F401,F403
    from .office_home import *  # noqa: F401,F403

del target_dataloader  # noqa: F821 (office_home.py's; DG has no target)
train_dataloader.batch_size = dg_batch_size
train_dataloader.sampler = dg_train_sampler
train_dataloader.dataset = dict(
    type=MultiDomainDataset,
    dataset=dict(
        type=OfficeHome, data_root=data_root, pipeline=dg_train_pipeline),
    leave_out='Clipart')
test_dataloader.dataset.pipeline = dg_test_pipeline
test_evaluator = dict(type=DomainAccuracy)
val_dataloader = None
val_evaluator = None
val_cfg = None
test_cfg = dict()
