# Copyright (c) mmda contributors. All rights reserved.
from .lenet import LeNet
from .wide_resnet import WideBasicBlock, WideResNet

__all__ = ['LeNet', 'WideResNet', 'WideBasicBlock']
