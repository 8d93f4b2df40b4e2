# Copyright (c) mmda contributors. All rights reserved.
from .embedded_digits import MNIST5k, UCIDigits
from .unlabeled_dataset import UnlabeledDataset

__all__ = ['UCIDigits', 'MNIST5k', 'UnlabeledDataset']
