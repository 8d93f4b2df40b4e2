# SAFN (Xu et al., ICCV 2019) on the embedded digits, uci -> mnist5k, with
# the digits schedule of source-only and DANN (lr 0.01 / (1 + 10 p)^0.75).
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.digits_uci2mnist5k import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.afn_losses import *  # noqa: F401,F403
    from .._base_.models.lenet_afn_digits import *  # noqa: F401,F403
    from .._base_.schedules.digits_sgd_2k import *  # noqa: F401,F403

model.update(da_losses=[safn])
