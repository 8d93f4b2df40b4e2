# Copyright (c) mmda contributors. All rights reserved.
from .lenet import LeNet

__all__ = ['LeNet']
