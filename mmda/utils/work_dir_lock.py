# Copyright (c) mmda contributors. All rights reserved.
"""One training run per work dir, held by an advisory file lock."""
import fcntl
import os
import os.path as osp
import socket
import time
from typing import Optional

#: The lock file a training run holds in its work dir.
LOCK_FILE = '.train.lock'


class WorkDirBusyError(RuntimeError):
    """Another live training run holds the work dir."""


class WorkDirLock:
    """An exclusive ``fcntl.flock`` on ``<work_dir>/.train.lock``.

    A training run deletes the partial saves it finds in its work dir,
    rewrites ``last_checkpoint`` and prunes old checkpoints, so two runs in
    one work dir destroy each other's files and ``--resume`` continues from
    the other run's checkpoint. The run that holds this lock owns the work
    dir. The kernel drops a ``flock`` when its process ends, however it
    ends (SIGKILL included), so a lock is never stale; the file stays and
    only records who held it last (pid, host, start time), for the message
    of a refused run.

    ``flock`` is reliable on local disks; on network file systems it
    depends on the server (NFSv4 supports it).

    Args:
        work_dir (str): The work dir; created if missing.
    """

    def __init__(self, work_dir: str) -> None:
        self.work_dir = work_dir
        self.path = osp.join(work_dir, LOCK_FILE)
        self._fd: Optional[int] = None

    def acquire(self) -> None:
        """Take the lock or raise :class:`WorkDirBusyError` naming the run
        that holds it."""
        os.makedirs(self.work_dir, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            raise WorkDirBusyError(
                f'work dir {self.work_dir!r} is in use by another training '
                f'run ({holder or "details not written yet"}), which holds '
                f'{self.path!r}. Two runs in one work dir delete and '
                'overwrite each other\'s checkpoints: wait for it to end or '
                'give this run another --work-dir.') from None
        stamp = time.strftime('%Y-%m-%d %H:%M:%S %z')
        os.ftruncate(fd, 0)
        os.pwrite(
            fd, f'pid {os.getpid()} on host {socket.gethostname()}, '
            f'started {stamp}\n'.encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Drop the lock (a no-op if not held)."""
        if self._fd is None:
            return
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> 'WorkDirLock':
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def _read(fd: int) -> str:
    return os.pread(fd, 4096, 0).decode(errors='replace').strip()
