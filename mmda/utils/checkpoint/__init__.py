# Copyright (c) mmda contributors. All rights reserved.
"""Everything mmda does with checkpoint files, in one place: loading them
with full unpickling where mmda's tools ask (``loader``), telling a damaged
file (``problem``), choosing the one ``--resume`` continues from
(``resume``) and comparing a checkpoint's weights with a model
(``state_dict_mismatch``)."""
from .loader import (load_trusted_local_checkpoint, local_loader_needs_fix,
                     trusted_local_checkpoints)
from .problem import (CorruptCheckpointError, check_checkpoint_file,
                      checkpoint_problem)
from .resume import (NoResumableCheckpointError, ResumeChoice,
                     find_resume_checkpoint)
from .state_dict_mismatch import (StateDictMismatch, checkpoint_mismatch,
                                  checkpoint_state_dict, compare_state_dicts,
                                  read_checkpoint, state_dict_mismatch)

__all__ = [
    'load_trusted_local_checkpoint', 'local_loader_needs_fix',
    'trusted_local_checkpoints', 'CorruptCheckpointError',
    'check_checkpoint_file', 'checkpoint_problem',
    'NoResumableCheckpointError', 'ResumeChoice', 'find_resume_checkpoint',
    'StateDictMismatch', 'checkpoint_mismatch', 'checkpoint_state_dict',
    'compare_state_dicts', 'read_checkpoint', 'state_dict_mismatch'
]
