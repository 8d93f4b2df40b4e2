# RSC (Huang et al., ECCV 2020), ImageNet-pretrained ResNet-18, PACS leave-one-
# domain-out: trained on the other three domains, tested on the unseen cartoon.
# Paper: 80.31 top-1.
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.pacs_dg_cartoon import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.resnet18_dg_rsc import *  # noqa: F401,F403
    from .._base_.schedules.dg_sgd_30e import *  # noqa: F401,F403

custom_hooks.append(rsc_curriculum)
