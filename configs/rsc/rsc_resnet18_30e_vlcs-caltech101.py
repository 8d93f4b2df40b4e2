# RSC (Huang et al., ECCV 2020), ImageNet-pretrained ResNet-18, VLCS leave-one-
# domain-out: trained on the other three domains, tested on the unseen
# Caltech101.
from mmengine.config import read_base

with read_base():
    from .._base_.datasets.vlcs_dg_caltech101 import *  # noqa: F401,F403
    from .._base_.default_runtime import *  # noqa: F401,F403
    from .._base_.models.resnet18_dg_rsc import *  # noqa: F401,F403
    from .._base_.schedules.dg_sgd_30e import *  # noqa: F401,F403

model.model.head.num_classes = 5

custom_hooks.append(rsc_curriculum)
