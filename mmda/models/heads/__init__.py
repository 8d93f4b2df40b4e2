# Copyright (c) mmda contributors. All rights reserved.
from .domain_discriminator import DomainDiscriminator
from .mlp_cls_head import MLPClsHead
from .weight_norm_cls_head import WeightNormClsHead

__all__ = ['DomainDiscriminator', 'MLPClsHead', 'WeightNormClsHead']
