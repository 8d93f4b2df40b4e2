# SHOT stage 1 (Liang et al., ICML 2020): the source model on uci alone,
# label-smoothed CE. Validation: uci's held-out split; testing: mnist5k's
# (the source-only accuracy of the hypothesis that stage 2 adapts).
# As SHOT's official u2m branch, the source (train and validation) is
# augmented, and the best model on uci's held-out split is kept as
# best_source.pth.
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.digits_uci2mnist5k import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.lenet_shot_digits import *  # noqa: F401,F403
    from .._base_.schedules.shot_source_2k import *  # noqa: F401,F403

train_dataloader.dataset.pipeline = uci_shot_source_pipeline
val_dataloader.dataset.pipeline = uci_shot_source_pipeline
default_hooks.update(checkpoint=source_checkpoint)
