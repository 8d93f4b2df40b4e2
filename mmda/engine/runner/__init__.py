# Copyright (c) mmda contributors. All rights reserved.
"""mmda's training and validation loops, and nothing else."""
from .exact_resume_loop import ExactResumeEpochLoop, ExactResumeIterLoop
from .multi_val_loop import MultiValLoop
from .test_time_adapt_loop import TestTimeAdaptLoop
from .uda_train_loop import UDATrainLoop

__all__ = [
    'ExactResumeIterLoop', 'ExactResumeEpochLoop', 'UDATrainLoop',
    'MultiValLoop', 'TestTimeAdaptLoop'
]
