# Copyright (c) mmda contributors. All rights reserved.
from .dtn import DTN
from .lenet import LeNet
from .wide_resnet import WideBasicBlock, WideResNet

__all__ = ['LeNet', 'DTN', 'WideResNet', 'WideBasicBlock']
