# Copyright (c) mmda contributors. All rights reserved.
"""Check that a folder is the expected official checkout, and import from
it."""
import os.path as osp
import sys
from typing import Sequence


def check_peer_checkout(root: str, repo: str, required: Sequence[str]) -> str:
    """Return the absolute ``root`` if every ``required`` file is in it.

    Args:
        root (str): The folder given on the command line.
        repo (str): The GitHub name of the expected repository, for the
            message (e.g. ``'tim-learn/SHOT'``).
        required (Sequence[str]): Paths relative to ``root`` that the
            runner imports or executes.

    Raises:
        FileNotFoundError: Naming the first missing file and the repository
            expected, so a wrong ``--peer-root`` is obvious.
    """
    root = osp.abspath(osp.expanduser(root))
    if not osp.isdir(root):
        raise FileNotFoundError(
            f'{root} is not a folder; expected a checkout of {repo}')
    for rel in required:
        path = osp.join(root, rel)
        if not osp.isfile(path):
            raise FileNotFoundError(
                f'{root} is not a checkout of {repo}: looked for {path}, '
                'which does not exist')
    return root


def prepend_sys_path(path: str) -> None:
    """Put ``path`` first on ``sys.path`` (the peer's scripts import their
    sibling modules by bare name)."""
    if path in sys.path:
        sys.path.remove(path)
    sys.path.insert(0, path)
