# Copyright (c) mmda contributors. All rights reserved.
"""One training run per work dir (mmda/utils/work_dir_lock.py)."""
import os
import signal
import socket
import subprocess
import sys

import pytest
from tool_runs import DANN_CFG, REPO, train_py

from mmda.utils.work_dir_lock import LOCK_FILE, WorkDirBusyError, WorkDirLock

_HOLD = ('import sys, time; sys.path.insert(0, {repo!r}); '
         'from mmda.utils.work_dir_lock import WorkDirLock; '
         'WorkDirLock({work!r}).acquire(); print("held", flush=True); '
         'time.sleep(600)')


def _holder(work_dir):
    proc = subprocess.Popen(
        [sys.executable, '-c',
         _HOLD.format(repo=REPO, work=str(work_dir))],
        stdout=subprocess.PIPE,
        text=True)
    assert proc.stdout.readline().strip() == 'held'
    return proc


def test_second_lock_is_refused_naming_the_holder(tmp_path):
    work = tmp_path / 'work'
    holder = _holder(work)
    try:
        with pytest.raises(WorkDirBusyError) as info:
            WorkDirLock(str(work)).acquire()
    finally:
        holder.kill()
        holder.wait()
    message = str(info.value)
    assert repr(str(work)) in message
    assert repr(str(work / LOCK_FILE)) in message
    assert f'pid {holder.pid} on host {socket.gethostname()}, started ' \
        in message


def test_lock_of_a_killed_run_is_free(tmp_path):
    holder = _holder(tmp_path)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with WorkDirLock(str(tmp_path)) as lock:
        with open(lock.path) as f:
            assert f.read().startswith(f'pid {os.getpid()} ')
    # released: taken again at once
    WorkDirLock(str(tmp_path)).acquire()


def test_train_refuses_a_work_dir_in_use(tmp_path):
    with WorkDirLock(str(tmp_path)):
        proc = train_py(DANN_CFG, tmp_path, '--resume', check=False)
    assert proc.returncode != 0
    assert 'WorkDirBusyError' in proc.stderr
    assert f'work dir {str(tmp_path)!r} is in use by another training ' \
        f'run (pid {os.getpid()} on host' in proc.stderr
    assert os.listdir(tmp_path) == [LOCK_FILE], 'nothing else written'
