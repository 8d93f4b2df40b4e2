# Copyright (c) mmda contributors. All rights reserved.
from .afn_bottleneck import AFNBottleneck
from .linear_dropout_neck import LinearDropoutNeck
from .mdd_bottleneck import MDDBottleneck

__all__ = ['AFNBottleneck', 'LinearDropoutNeck', 'MDDBottleneck']
