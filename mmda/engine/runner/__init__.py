# Copyright (c) mmda contributors. All rights reserved.
# Its home is mmda.utils (the analysis tools use it too); kept importable
# from here, where it was.
from mmda.utils.state_dict_mismatch import state_dict_mismatch
from .checkpoint_problem import (CorruptCheckpointError, check_checkpoint_file,
                                 checkpoint_problem)
from .dist_setup import finish_distributed, setup_distributed
from .epoch_length import epoch_length
from .exact_resume_loop import ExactResumeEpochLoop, ExactResumeIterLoop
from .gather_by_index import gather_by_index
from .metric_names import check_save_best, evaluator_keys, metric_keys
from .multi_val_loop import MultiValLoop
from .non_finite_tensors import non_finite_tensors
from .resume_checkpoint import (NoResumableCheckpointError, ResumeChoice,
                                find_resume_checkpoint)
from .rng_state import get_rng_state, set_rng_state
from .shot_target_loop import SHOTTargetLoop
from .uda_train_loop import UDATrainLoop, check_same_classes
from .unwrap_model import unwrap_model

__all__ = [
    'UDATrainLoop', 'check_same_classes', 'setup_distributed',
    'finish_distributed', 'get_rng_state', 'set_rng_state', 'SHOTTargetLoop',
    'gather_by_index', 'state_dict_mismatch', 'ExactResumeIterLoop',
    'ExactResumeEpochLoop', 'unwrap_model', 'epoch_length',
    'CorruptCheckpointError', 'check_checkpoint_file', 'checkpoint_problem',
    'NoResumableCheckpointError', 'ResumeChoice', 'find_resume_checkpoint',
    'non_finite_tensors', 'MultiValLoop', 'check_save_best', 'evaluator_keys',
    'metric_keys'
]
