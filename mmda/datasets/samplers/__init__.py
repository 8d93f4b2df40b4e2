# Copyright (c) mmda contributors. All rights reserved.
from .class_balanced_sampler import ClassBalancedSampler
from .domain_stratified_sampler import DomainStratifiedSampler

__all__ = ['ClassBalancedSampler', 'DomainStratifiedSampler']
