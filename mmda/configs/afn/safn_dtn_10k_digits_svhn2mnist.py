# SAFN (Xu et al., ICCV 2019), the paper's Office hyper-parameters
# (AFN reports no digits protocol).
# SVHN -> MNIST (32x32 RGB, DTN), 10,000 iterations of 64 + 64 images.
from mmengine.config import read_base

with read_base():
    from .._base_.recipes.afn_dtn_digits import *  # noqa: F401,F403

model.update(da_losses=[safn])
