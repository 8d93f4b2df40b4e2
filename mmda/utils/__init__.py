# Copyright (c) mmda contributors. All rights reserved.
from .build_errors import explain_build_error
from .checkpoint_loader import (load_trusted_local_checkpoint,
                                local_loader_needs_fix,
                                trusted_local_checkpoints)
from .config_check import ConfigKeyError, check_config
from .config_file import load_config
from .config_lookup import closest_config_names, find_config, packaged_configs
from .setup_env import register_all_modules
from .state_dict_mismatch import (StateDictMismatch, checkpoint_mismatch,
                                  checkpoint_state_dict, compare_state_dicts,
                                  read_checkpoint, state_dict_mismatch)

__all__ = [
    'register_all_modules', 'explain_build_error',
    'load_trusted_local_checkpoint', 'local_loader_needs_fix',
    'trusted_local_checkpoints', 'find_config', 'packaged_configs',
    'closest_config_names', 'check_config', 'ConfigKeyError', 'load_config',
    'StateDictMismatch', 'checkpoint_mismatch', 'checkpoint_state_dict',
    'compare_state_dicts', 'read_checkpoint', 'state_dict_mismatch'
]
