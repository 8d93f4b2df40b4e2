# HAFN (Xu et al., ICCV 2019) on VisDA-2017 synthetic -> real with ResNet-101;
# paper: 73.9 (mean per-class accuracy). VisDA hyper-parameters:
# lambda = 0.01, R = 25.
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.visda2017 import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.afn_losses import *  # noqa: F401,F403
    from .._base_.models.resnet50_afn import *  # noqa: F401,F403
    from .._base_.schedules.resnet_afn_10k import *  # noqa: F401,F403

model['backbone']['depth'] = 101
model['backbone']['init_cfg']['checkpoint'] = (
    'data/pretrained/resnet101-imagenet.pth')
model['head']['num_classes'] = 12
hafn.update(loss_weight=0.01)
model.update(da_losses=[hafn])
