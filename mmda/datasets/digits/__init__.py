# Copyright (c) mmda contributors. All rights reserved.
"""The digit benchmarks, each read from its official release format."""
from .environment_mnist import ColoredMNIST, RotatedMNIST
from .mnist import MNISTIdx
from .mnistm import MNISTM
from .svhn import SVHN
from .usps import USPS

DIGIT_CLASSES = tuple(str(i) for i in range(10))

__all__ = [
    'MNISTIdx', 'RotatedMNIST', 'ColoredMNIST', 'USPS', 'SVHN', 'MNISTM',
    'DIGIT_CLASSES'
]
