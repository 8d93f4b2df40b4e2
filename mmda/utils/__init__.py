# Copyright (c) mmda contributors. All rights reserved.
from .build_errors import explain_build_error
from .checkpoint import (CorruptCheckpointError, NoResumableCheckpointError,
                         ResumeChoice, StateDictMismatch,
                         check_checkpoint_file, checkpoint_mismatch,
                         checkpoint_problem, checkpoint_state_dict,
                         compare_state_dicts, find_resume_checkpoint,
                         load_trusted_local_checkpoint, local_loader_needs_fix,
                         read_checkpoint, state_dict_mismatch,
                         trusted_local_checkpoints)
from .config_check import ConfigKeyError, check_config
from .config_file import load_config
from .config_lookup import closest_config_names, find_config, packaged_configs
from .dist_setup import finish_distributed, setup_distributed
from .epoch_length import epoch_length
from .gather_by_index import gather_by_index
from .non_finite_tensors import non_finite_tensors
from .rng_state import get_rng_state, set_rng_state
from .setup_env import register_all_modules

__all__ = [
    'register_all_modules', 'explain_build_error',
    'load_trusted_local_checkpoint', 'local_loader_needs_fix',
    'trusted_local_checkpoints', 'find_config', 'packaged_configs',
    'closest_config_names', 'check_config', 'ConfigKeyError', 'load_config',
    'StateDictMismatch', 'checkpoint_mismatch', 'checkpoint_state_dict',
    'compare_state_dicts', 'read_checkpoint', 'state_dict_mismatch',
    'CorruptCheckpointError', 'check_checkpoint_file', 'checkpoint_problem',
    'NoResumableCheckpointError', 'ResumeChoice', 'find_resume_checkpoint',
    'setup_distributed', 'finish_distributed', 'epoch_length',
    'gather_by_index', 'non_finite_tensors', 'get_rng_state', 'set_rng_state'
]
