# Copyright (c) mmda contributors. All rights reserved.
from .class_balanced_sampler import ClassBalancedSampler

__all__ = ['ClassBalancedSampler']
