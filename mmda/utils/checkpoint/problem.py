# Copyright (c) mmda contributors. All rights reserved.
import os.path as osp
import pickle
import zipfile
from typing import Optional

import torch


class CorruptCheckpointError(ValueError):
    """A checkpoint file that cannot be read: truncated, empty or not a
    checkpoint. The message names the file."""


def checkpoint_problem(path: str) -> Optional[str]:
    """Say why ``path`` is not a complete checkpoint file, or return None.

    ``torch.save`` writes a zip archive whose central directory comes last,
    so a file cut short by a kill or a full disk lacks it; the entries'
    checksums catch damage inside. Files in torch's legacy (non-zip) format
    are loaded to be checked.

    Args:
        path (str): A local checkpoint file.

    Returns:
        str | None: e.g. ``"'work/iter_3.pth' is empty"``, or None when the
        file is a complete checkpoint.
    """
    if not osp.isfile(path):
        return f'{path!r} does not exist'
    size = osp.getsize(path)
    if size == 0:
        return f'{path!r} is empty (0 bytes)'
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                bad = archive.testzip()
        except (zipfile.BadZipFile, OSError, EOFError) as e:
            return f'{path!r} is a damaged archive ({size} bytes): {e}'
        if bad is not None:
            return (f'{path!r} is damaged: the checksum of its entry {bad!r} '
                    'does not match')
        return None
    try:
        torch.load(path, map_location='cpu', weights_only=False)
    except (RuntimeError, EOFError, pickle.UnpicklingError, ValueError,
            OSError) as e:
        first_line = str(e).splitlines()[0] if str(e) else type(e).__name__
        return (f'{path!r} is truncated or not a checkpoint ({size} bytes; '
                f'torch.load: {first_line})')
    return None


def check_checkpoint_file(path: str) -> None:
    """Raise :class:`CorruptCheckpointError` naming ``path`` if it is not a
    complete checkpoint (see :func:`checkpoint_problem`), and
    ``FileNotFoundError`` if it does not exist."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'checkpoint file {path!r} does not exist')
    problem = checkpoint_problem(path)
    if problem is not None:
        raise CorruptCheckpointError(f'corrupt checkpoint file: {problem}')
