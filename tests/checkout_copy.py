# Copyright (c) mmda contributors. All rights reserved.
"""A copy of the checkout's files, to build mmda's distributions from."""
import os.path as osp
import subprocess
import tarfile

from tool_runs import REPO


def copy_of_checkout(dest: str) -> str:
    """Copy the tracked and new files of the checkout (what a release
    holds) to ``dest/src``, so that building never writes into the
    checkout; return ``dest/src``."""
    files = subprocess.run(['git', 'ls-files', '-co', '--exclude-standard'],
                           cwd=REPO,
                           check=True,
                           capture_output=True,
                           text=True).stdout.split()
    archive = osp.join(dest, 'src.tar')
    with tarfile.open(archive, 'w') as tar:
        for name in files:
            if osp.lexists(osp.join(REPO, name)):
                tar.add(osp.join(REPO, name), arcname=name, recursive=False)
    src = osp.join(dest, 'src')
    with tarfile.open(archive) as tar:
        tar.extractall(src, filter='tar')
    return src
