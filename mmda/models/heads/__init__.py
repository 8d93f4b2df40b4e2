# Copyright (c) mmda contributors. All rights reserved.
from .domain_discriminator import DomainDiscriminator
from .weight_norm_cls_head import WeightNormClsHead

__all__ = ['DomainDiscriminator', 'WeightNormClsHead']
