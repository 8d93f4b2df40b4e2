# Copyright (c) mmda contributors. All rights reserved.
from .accuracy import DomainAccuracy, MeanClassAccuracy
from .corruption_error import CorruptionError

__all__ = ['MeanClassAccuracy', 'DomainAccuracy', 'CorruptionError']
