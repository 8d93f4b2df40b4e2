# Copyright (c) mmda contributors. All rights reserved.
from .accuracy import DomainAccuracy, MeanClassAccuracy
from .corruption_error import CorruptionError
from .cross_entropy import CrossEntropyMetric
from .prediction_collapse import PredictionCollapse
from .unsupervised_validators import (VALIDATORS, BNMValidator,
                                      EntropyValidator, IMValidator,
                                      SNDValidator, UnsupervisedValidators,
                                      validator_rule)

__all__ = [
    'MeanClassAccuracy', 'DomainAccuracy', 'CorruptionError',
    'UnsupervisedValidators', 'EntropyValidator', 'IMValidator',
    'BNMValidator', 'SNDValidator', 'VALIDATORS', 'validator_rule',
    'PredictionCollapse', 'CrossEntropyMetric'
]
