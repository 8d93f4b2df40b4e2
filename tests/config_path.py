# Copyright (c) mmda contributors. All rights reserved.
"""Find a config under ``configs/`` or under its importable home
``mmda/configs/`` ('-' -> '_', ``shot-source`` -> ``shot_source``...)."""
import os.path as osp

from conftest import REPO


def config_path(folder: str, name: str) -> str:
    """Return the path of config ``folder/name`` (``name`` without .py)."""
    candidates = [
        osp.join(REPO, 'configs', folder, name + '.py'),
        osp.join(REPO, 'mmda', 'configs', folder,
                 name.replace('-', '_') + '.py'),
    ]
    for path in candidates:
        if osp.isfile(path):
            return path
    raise FileNotFoundError(f'none of {candidates} exists')
