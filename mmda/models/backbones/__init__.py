# Copyright (c) mmda contributors. All rights reserved.
from .dtn import DTN
from .lenet import LeNet

__all__ = ['LeNet', 'DTN']
