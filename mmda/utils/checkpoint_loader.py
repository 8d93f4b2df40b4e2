# Copyright (c) mmda contributors. All rights reserved.
"""Local checkpoint loading that works with torch>=2.6."""
import os.path as osp
from typing import Optional, Union

import torch
from mmengine.runner.checkpoint import CheckpointLoader


def load_trusted_local_checkpoint(
        filename: str,
        map_location: Optional[Union[str, torch.device]] = None) -> dict:
    """Load a local checkpoint written by mmengine, unpickling it fully.

    torch 2.6 changed ``torch.load`` to ``weights_only=True``, which rejects
    the message hub (``HistoryBuffer``) and other objects that mmengine
    stores for resuming. Local files are written by the user's own runs, so
    they are trusted; remote schemes keep torch's default.

    Args:
        filename (str): Path of the checkpoint file.
        map_location (str | torch.device, optional): As in ``torch.load``.

    Returns:
        dict: The loaded checkpoint.

    Raises:
        CorruptCheckpointError: If the file is truncated or damaged, naming
            it.
    """
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'checkpoint file {filename!r} does not exist')
    try:
        return torch.load(
            filename, map_location=map_location, weights_only=False)
    except Exception as e:
        # torch's message names no file; say which one, and whether it is
        # damaged (truncated by a kill, a full disk) rather than unloadable.
        from mmda.engine.runner.checkpoint_problem import (
            CorruptCheckpointError, checkpoint_problem)
        problem = checkpoint_problem(filename)
        if problem is None:
            raise
        raise CorruptCheckpointError(
            f'corrupt checkpoint file: {problem}') from e


def register_trusted_local_loader() -> None:
    """Make mmengine's loader for local paths use
    :func:`load_trusted_local_checkpoint`."""
    CheckpointLoader.register_scheme(
        prefixes='', force=True)(load_trusted_local_checkpoint)
