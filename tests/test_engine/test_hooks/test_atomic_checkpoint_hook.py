# Copyright (c) mmda contributors. All rights reserved.
"""A save interrupted at its worst moment leaves a checkpoint to resume
from: the file states a kill leaves, made in-process."""
import errno
import os
import os.path as osp

import pytest
from tiny_runs import dann_runner

from mmda.engine.hooks.atomic_checkpoint_hook import PARTIAL_SUFFIX
from mmda.utils import (checkpoint_problem, find_resume_checkpoint,
                        trusted_local_checkpoints)


class _Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs."""


def _kill_during_save(runner, at_iter):
    """Make the save of iteration ``at_iter`` die half-way through writing
    the checkpoint file."""
    save = runner.save_checkpoint

    def dying_save(out_dir, filename, *args, **kwargs):
        save(out_dir, filename, *args, **kwargs)
        if runner.iter + 1 == at_iter:
            path = osp.join(out_dir, filename)
            with open(path, 'r+b') as f:
                f.truncate(os.path.getsize(path) // 2)
            raise _Killed

    runner.save_checkpoint = dying_save


def test_kill_while_writing_keeps_the_last_complete_checkpoint(tmp_path):
    # max_keep_ckpts=1: mmengine deletes iter_2 before writing iter_3, so a
    # kill then leaves no complete checkpoint at all
    runner = dann_runner(tmp_path, 4, 1)
    _kill_during_save(runner, at_iter=3)
    with pytest.raises(_Killed):
        runner.train()
    ckpt2 = str(tmp_path / 'iter_2.pth')
    assert (tmp_path / 'last_checkpoint').read_text() == ckpt2
    assert checkpoint_problem(ckpt2) is None
    assert not (tmp_path / 'iter_3.pth').exists()
    assert (tmp_path / f'iter_3.pth{PARTIAL_SUFFIX}').exists()
    assert not (tmp_path / 'iter_1.pth').exists()
    choice = find_resume_checkpoint(str(tmp_path))
    assert choice.path == ckpt2 and not choice.fallback

    # the next run deletes the partial file and saves as before
    runner = dann_runner(tmp_path, 4, 1)
    runner._resume, runner._load_from = True, ckpt2
    runner.cfg.resume, runner.cfg.load_from = True, ckpt2  # as train.py
    with trusted_local_checkpoints():
        runner.train()
    assert sorted(p for p in os.listdir(tmp_path)
                  if 'iter_' in p) == ['iter_4.pth']
    assert (tmp_path / 'last_checkpoint').read_text() == str(tmp_path /
                                                             'iter_4.pth')


def test_kill_after_the_checkpoint_before_the_pointer(tmp_path):
    # the new checkpoint is complete, last_checkpoint still names the old
    runner = dann_runner(tmp_path, 3, -1)
    runner.train()
    last = tmp_path / 'last_checkpoint'
    assert last.read_text() == str(tmp_path / 'iter_3.pth')
    assert not list(tmp_path.glob(f'*{PARTIAL_SUFFIX}'))
    last.write_text(str(tmp_path / 'iter_2.pth'))
    assert find_resume_checkpoint(str(tmp_path)).path == str(tmp_path /
                                                             'iter_2.pth')


def test_full_disk_names_the_checkpoint(tmp_path):
    runner = dann_runner(tmp_path, max_iters=3, max_keep_ckpts=-1)
    save = runner.save_checkpoint

    def full_disk(out_dir, filename, *args, **kwargs):
        if runner.iter + 1 == 2:
            # what open(...).write() raises: no file named
            with open(osp.join(out_dir, filename), 'wb') as f:
                f.write(b'half')
            raise OSError(errno.ENOSPC, 'No space left on device')
        save(out_dir, filename, *args, **kwargs)

    runner.save_checkpoint = full_disk
    path = osp.join(str(tmp_path), 'iter_2.pth')
    with pytest.raises(OSError) as info:
        runner.train()
    assert info.value.errno == errno.ENOSPC
    assert str(info.value) == (
        f'[Errno 28] saving checkpoint {path!r} failed: No space left on '
        f"device. The previous checkpoints and "
        f"{osp.join(str(tmp_path), 'last_checkpoint')!r} are unchanged")
    assert not osp.exists(path + PARTIAL_SUFFIX), 'space given back'
    with open(tmp_path / 'last_checkpoint') as f:
        assert f.read().endswith('iter_1.pth')
