# Copyright (c) mmda contributors. All rights reserved.
from .dtn import DTN
from .lenet import LeNet
from .mnist_cnn import MNISTCNN
from .wide_resnet import WideBasicBlock, WideResNet

__all__ = ['LeNet', 'DTN', 'MNISTCNN', 'WideResNet', 'WideBasicBlock']
