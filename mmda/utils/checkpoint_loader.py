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
    """
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'checkpoint file {filename!r} does not exist')
    return torch.load(filename, map_location=map_location, weights_only=False)


def register_trusted_local_loader() -> None:
    """Make mmengine's loader for local paths use
    :func:`load_trusted_local_checkpoint`."""
    CheckpointLoader.register_scheme(
        prefixes='', force=True)(load_trusted_local_checkpoint)
