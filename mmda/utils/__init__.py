# Copyright (c) mmda contributors. All rights reserved.
from .build_errors import explain_build_error
from .checkpoint_loader import (load_trusted_local_checkpoint,
                                local_loader_needs_fix,
                                trusted_local_checkpoints)
from .setup_env import register_all_modules

__all__ = [
    'register_all_modules', 'explain_build_error',
    'load_trusted_local_checkpoint', 'local_loader_needs_fix',
    'trusted_local_checkpoints'
]
