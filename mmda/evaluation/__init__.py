# Copyright (c) mmda contributors. All rights reserved.
from .metrics import (BNMValidator, CorruptionError, CrossEntropyMetric,
                      DomainAccuracy, EntropyValidator, IMValidator,
                      MeanClassAccuracy, PredictionCollapse, SNDValidator,
                      UnsupervisedValidators)

__all__ = [
    'MeanClassAccuracy', 'DomainAccuracy', 'CorruptionError',
    'UnsupervisedValidators', 'EntropyValidator', 'IMValidator',
    'BNMValidator', 'SNDValidator', 'PredictionCollapse', 'CrossEntropyMetric'
]
