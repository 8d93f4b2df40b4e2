# SHOT stage 1 (Liang et al., ICML 2020): the source model on mnist5k alone,
# label-smoothed CE. Validation: mnist5k's held-out split; testing: uci's
# (the source-only accuracy of the hypothesis that stage 2 adapts).
# As SHOT's official m2u branch, the MNIST source is not augmented; the
# best model on mnist5k's held-out split is kept as best_source.pth.
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.digits_mnist5k2uci import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.lenet_shot_digits import *  # noqa: F401,F403
    from .._base_.schedules.shot_source_2k import *  # noqa: F401,F403

default_hooks.update(checkpoint=source_checkpoint)
