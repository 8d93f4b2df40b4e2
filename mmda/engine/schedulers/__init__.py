# Copyright (c) mmda contributors. All rights reserved.
from .inverse_decay_scheduler import (InverseDecayLR,
                                      InverseDecayParamScheduler,
                                      inverse_decay_factor)

__all__ = [
    'InverseDecayLR', 'InverseDecayParamScheduler', 'inverse_decay_factor'
]
