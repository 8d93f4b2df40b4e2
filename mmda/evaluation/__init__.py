# Copyright (c) mmda contributors. All rights reserved.
from .metrics import CorruptionError, DomainAccuracy, MeanClassAccuracy

__all__ = ['MeanClassAccuracy', 'DomainAccuracy', 'CorruptionError']
