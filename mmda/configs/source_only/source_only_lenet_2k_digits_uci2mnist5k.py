# Source-only baseline: same loop and network as DANN, no adaptation loss.
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.digits_uci2mnist5k import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.lenet_digits import *  # noqa: F401,F403
    from .._base_.schedules.digits_sgd_2k import *  # noqa: F401,F403
