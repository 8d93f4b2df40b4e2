# Copyright (c) mmda contributors. All rights reserved.
from .dist_setup import setup_distributed
from .rng_state import get_rng_state, set_rng_state
from .uda_train_loop import UDATrainLoop, check_same_classes

__all__ = [
    'UDATrainLoop', 'check_same_classes', 'setup_distributed',
    'get_rng_state', 'set_rng_state'
]
