# SAFN (Xu et al., ICCV 2019), the paper's Office hyper-parameters
# (AFN reports no digits protocol).
# USPS -> MNIST (28x28 grey, LeNet), 10,000 iterations of 64 + 64 images.
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.digits_usps2mnist import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.afn_losses import *  # noqa: F401,F403
    from .._base_.models.lenet_afn_digits import *  # noqa: F401,F403
    from .._base_.schedules.digits_sgd_10k import *  # noqa: F401,F403

model.update(da_losses=[safn])
