# Copyright (c) mmda contributors. All rights reserved.
"""The path of a packaged config, by folder and name."""
import os.path as osp

from tool_runs import REPO


def config_path(folder: str, name: str) -> str:
    """Return the path of ``mmda/configs/folder/name.py``, which must
    exist (``name`` without .py)."""
    path = osp.join(REPO, 'mmda', 'configs', folder, name + '.py')
    if not osp.isfile(path):
        raise FileNotFoundError(f'{path} does not exist')
    return path
