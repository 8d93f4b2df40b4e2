# Copyright (c) mmda contributors. All rights reserved.
from .afn_bottleneck import AFNBottleneck

__all__ = ['AFNBottleneck']
