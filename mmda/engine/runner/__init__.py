# Copyright (c) mmda contributors. All rights reserved.
from .checkpoint_problem import (CorruptCheckpointError, check_checkpoint_file,
                                 checkpoint_problem)
from .dist_setup import setup_distributed
from .exact_resume_loop import ExactResumeIterLoop
from .gather_by_index import gather_by_index
from .non_finite_tensors import non_finite_tensors
from .resume_checkpoint import (NoResumableCheckpointError, ResumeChoice,
                                find_resume_checkpoint)
from .rng_state import get_rng_state, set_rng_state
from .shot_pseudo_labels import shot_pseudo_labels
from .shot_target_loop import SHOTTargetLoop
from .state_dict_mismatch import state_dict_mismatch
from .uda_train_loop import UDATrainLoop, check_same_classes

__all__ = [
    'UDATrainLoop', 'check_same_classes', 'setup_distributed',
    'get_rng_state', 'set_rng_state', 'SHOTTargetLoop', 'shot_pseudo_labels',
    'gather_by_index', 'state_dict_mismatch', 'ExactResumeIterLoop',
    'CorruptCheckpointError', 'check_checkpoint_file', 'checkpoint_problem',
    'NoResumableCheckpointError', 'ResumeChoice', 'find_resume_checkpoint',
    'non_finite_tensors'
]
