# Copyright (c) mmda contributors. All rights reserved.
"""A fresh (not resumed) run never mixes with an earlier run's checkpoints."""
import glob
import os
import os.path as osp
from typing import List, Optional

#: The file mmengine's CheckpointHook points at the newest checkpoint with.
POINTER = 'last_checkpoint'


class WorkDirNotEmptyError(RuntimeError):
    """A fresh run's work dir holds checkpoints of an earlier run."""


def work_dir_checkpoints(work_dir: str) -> List[str]:
    """The checkpoint files (``*.pth`` and ``last_checkpoint``) directly in
    ``work_dir``, sorted by name."""
    found = glob.glob(osp.join(glob.escape(work_dir), '*.pth'))
    pointer = osp.join(work_dir, POINTER)
    if osp.isfile(pointer):
        found.append(pointer)
    return sorted(found)


def prepare_fresh_work_dir(work_dir: str,
                           overwrite: bool = False,
                           load_from: Optional[str] = None) -> List[str]:
    """Refuse, or with ``overwrite`` empty of checkpoints, the work dir of a
    run that starts at iteration 0.

    A fresh run saves ``iter_N.pth`` over an earlier run's file of the same
    name and leaves its later ones beside them: ``--resume`` then picks the
    earlier run's newest checkpoint, and the kept files mix two runs.

    Args:
        work_dir (str): The run's work dir.
        overwrite (bool): Delete the checkpoints instead of refusing.
            Defaults to False.
        load_from (str, optional): The checkpoint the run loads its
            weights from, which ``overwrite`` must not delete.

    Returns:
        list[str]: The files deleted (empty without ``overwrite``).

    Raises:
        WorkDirNotEmptyError: ``work_dir`` holds checkpoints and
            ``overwrite`` is False, or one of them is ``load_from``.
    """
    found = work_dir_checkpoints(work_dir)
    if not found:
        return []
    names = ', '.join(osp.basename(p) for p in found)
    if not overwrite:
        raise WorkDirNotEmptyError(
            f'work dir {work_dir!r} already holds checkpoints ({names}); a '
            'fresh run would overwrite some of them and leave the others '
            'beside its own. Pass --resume to continue that run, another '
            '--work-dir to start a new one, or --overwrite to delete them '
            'first.')
    if load_from is not None and any(
            osp.exists(load_from) and osp.samefile(p, load_from)
            for p in found):
        raise WorkDirNotEmptyError(
            f'--overwrite would delete {load_from!r}, the checkpoint '
            'load_from names; copy it out of the work dir first.')
    for path in found:
        os.remove(path)
    return found
