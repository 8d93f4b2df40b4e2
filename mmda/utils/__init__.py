# Copyright (c) mmda contributors. All rights reserved.
from .checkpoint_loader import (load_trusted_local_checkpoint,
                                register_trusted_local_loader)
from .build_errors import explain_build_error
from .config_file import load_config
from .setup_env import register_all_modules

__all__ = [
    'register_all_modules', 'explain_build_error',
    'load_trusted_local_checkpoint', 'register_trusted_local_loader',
    'load_config'
]
