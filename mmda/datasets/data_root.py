# Copyright (c) mmda contributors. All rights reserved.
import os.path as osp
from typing import Optional

from mmengine.fileio import exists, isdir


def check_root(name: str,
               data_root: str,
               expected: str,
               backend_args: Optional[dict] = None) -> str:
    """Return ``data_root`` expanded, or raise if it is not a folder.

    Args:
        name (str): The dataset's class name, which starts the error.
        data_root (str): The folder (or a storage backend's URI).
        expected (str): What the folder should hold, for the error.
        backend_args (dict, optional): mmengine's file backend arguments.

    Returns:
        str: ``data_root`` with ``~`` expanded.
    """
    if not data_root:
        raise ValueError(f'{name}: data_root is empty; expected the folder '
                         f'that holds {expected}')
    root = osp.expanduser(str(data_root))
    if not isdir(root, backend_args=backend_args):
        what = ('is a file, not a folder' if exists(
            root, backend_args=backend_args) else 'does not exist')
        raise FileNotFoundError(
            f'{name}: data_root {root!r} {what}; expected the folder that '
            f'holds {expected} (see docs/datasets.md)')
    return root
