# Copyright (c) mmda contributors. All rights reserved.
import glob
import os.path as osp
import re
from typing import List, NamedTuple, Optional

from .problem import checkpoint_problem

#: Checkpoint names that ``CheckpointHook`` writes by default.
_NUMBERED = re.compile(r'^(iter|epoch)_(\d+)\.pth$')


class NoResumableCheckpointError(RuntimeError):
    """``--resume`` found checkpoints, but none it can continue from."""


class ResumeChoice(NamedTuple):
    """What ``--resume`` continues from, and why.

    Attributes:
        path (str | None): The checkpoint; None to start at iteration 0.
        note (str): A sentence for the log.
        fallback (bool): True unless ``last_checkpoint`` named ``path``:
            the choice deserves a warning.
    """
    path: Optional[str]
    note: str
    fallback: bool


def find_resume_checkpoint(work_dir: str) -> ResumeChoice:
    """Choose the checkpoint ``--resume`` (without a path) continues from.

    mmengine trusts ``last_checkpoint`` alone: when it is missing, empty or
    names a lost file, the run silently starts again at iteration 0 and
    then overwrites the checkpoints beside it. Here ``last_checkpoint`` is
    used when it names a complete checkpoint. Otherwise the newest complete
    ``iter_N.pth`` / ``epoch_N.pth`` of ``work_dir`` is chosen, and the
    returned note says why. Starting afresh is only chosen for a work dir
    without any checkpoint.

    Args:
        work_dir (str): The run's work dir.

    Returns:
        ResumeChoice: The checkpoint to resume from (None: start at
        iteration 0), with a sentence for the log saying why.

    Raises:
        NoResumableCheckpointError: If there are checkpoints but none is
            complete, naming each with its problem.
    """
    pointer = osp.join(work_dir, 'last_checkpoint')
    named = None
    if osp.isfile(pointer):
        with open(pointer) as f:
            named = f.read().strip()
        if named and checkpoint_problem(named) is None:
            return ResumeChoice(named,
                                f'resuming from {named} (named by {pointer})',
                                False)
        why = (f'{pointer} names {named!r}, which is unusable: '
               f'{checkpoint_problem(named)}'
               if named else f'{pointer} is empty')
    else:
        why = f'there is no {pointer}'
    candidates = _numbered_checkpoints(work_dir)
    problems = []
    for path in candidates:
        problem = checkpoint_problem(path)
        if problem is None:
            return ResumeChoice(
                path, f'{why}; resuming from {path}, the newest complete '
                'checkpoint in the work dir', True)
        problems.append(problem)
    if problems:
        raise NoResumableCheckpointError(
            f'--resume: {why}, and no checkpoint in {work_dir} is complete: ' +
            '; '.join(problems) + '. Pass a checkpoint with --resume PATH '
            'or move these files away to start again.')
    if named:
        raise NoResumableCheckpointError(
            f'--resume: {why}, and {work_dir} holds no other checkpoint. '
            'Pass a checkpoint with --resume PATH, or delete '
            f'{pointer} to start again.')
    return ResumeChoice(
        None, f'{why} and no checkpoint in {work_dir}; starting at '
        'iteration 0', True)


def _numbered_checkpoints(work_dir: str) -> List[str]:
    """``iter_N.pth`` and ``epoch_N.pth`` files, the highest N first."""
    found = []
    for path in glob.glob(osp.join(work_dir, '*.pth')):
        match = _NUMBERED.match(osp.basename(path))
        if match:
            found.append((int(match.group(2)), path))
    return [path for _, path in sorted(found, reverse=True)]
