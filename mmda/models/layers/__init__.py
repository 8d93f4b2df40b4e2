# Copyright (c) mmda contributors. All rights reserved.
from .gradient_reverse import GradientReverseLayer, gradient_reverse

__all__ = ['GradientReverseLayer', 'gradient_reverse']
