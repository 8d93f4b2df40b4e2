# RSC (Huang et al., ECCV 2020), ImageNet-pretrained ResNet-18, Office-Home
# leave-one-domain-out: trained on the other three domains, tested on the
# unseen Art.
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.office_home_dg_art import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.resnet18_dg_rsc import *  # noqa: F401,F403
    from .._base_.schedules.dg_sgd_30e import *  # noqa: F401,F403

model.model.head.num_classes = 65

custom_hooks.append(rsc_curriculum)
