# Copyright (c) mmda contributors. All rights reserved.
"""Kill training at random moments, resume it, and compare with a run that
was never interrupted.

A real ``tools/train.py`` process (or ``tools/dist_train.sh`` with
``--procs 2``, whose ranks draw differently: ``diff_rank_seed=True``) trains
DANN on the embedded digits with a checkpoint every ``--interval``
iterations and ``max_keep_ckpts=2``. It always starts with ``--resume``,
so the first start finds an empty work dir. Each of the ``--kills``
segments is killed with SIGKILL (it and every process it started) once it
has saved at least one checkpoint of its own, at one of two moments, chosen
at random:

* ``save``: while a checkpoint is being written (a ``*.partial`` file
  exists), after a random delay of 0-3 ms, so kills land in the write of
  the checkpoint, in the renames and in the ``last_checkpoint`` update;
* ``any``: wherever training then is, at a random moment of the
  checkpoint interval after the next save; the interval's length is the
  time the run took to reach that save, so the kill lands before the end
  on a fast machine as on a slow one.

Then ``--resume`` starts the next segment; the last one runs to the end.
While a segment runs, ``last_checkpoint`` is polled, so the newest save
that completed before the kill is known independently of the files the
kill left. For each kill:

* *resumed*: the next segment continued from the newest complete
  checkpoint on disk (iteration 0 if none), as its log says;
* *lost*: it continued from an earlier iteration than the newest save
  seen completed, or could not resume at all;
* *bit-identical*: the newest checkpoint the resumed segment wrote itself
  (the final one for the last segment) equals the uninterrupted run's
  checkpoint of the same iteration: weights, buffers, optimiser,
  schedulers and random states, tensor for tensor.

With ``--signal TERM`` the segments get SIGTERM instead, as a scheduler
ends a job (one process: the ``tools/train.py`` process; two: torchrun,
which passes it on to each rank), and run on until they exit. Each must
then stop *cleanly*: after the iteration in progress, with a checkpoint of
that iteration (``SignalStopHook``) and, with one process, exit status
143, so its resume loses no iteration at all.

With ``--intruders N``, while each of the first N segments trains, a
second ``tools/train.py`` (a fresh run, no ``--resume``) is started into
the same work dir; it must be refused while the segment goes on unharmed
(``WorkDirLock``).

The last line printed is ``kills: N, resumed: N, bit-identical: N, lost: 0``
when everything held, followed by ``, clean: N`` with ``--signal TERM`` and
``, intruders refused: N`` with ``--intruders``. Exit status 1 otherwise.

Usage::

    python benchmarks/fault_injection.py [--kills 10] [--procs 1]
        [--moments {save,any,both}] [--interval 2] [--max-iters M]
        [--signal {KILL,TERM}] [--intruders 0] [--seed 0] [--work-dir DIR]
"""
import argparse
import functools
import glob
import os
import os.path as osp
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from typing import List, Optional

import numpy as np
import torch

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, REPO)

from mmda.engine.hooks.atomic_checkpoint_hook import \
    PARTIAL_SUFFIX  # noqa: E402
from mmda.utils import checkpoint_problem  # noqa: E402

CONFIG = osp.join(REPO, 'configs/dann/dann_lenet_2k_digits_uci2mnist5k.py')
_ITER = re.compile(r'iter_(\d+)\.pth$')
#: What each segment's log says about where it started.
_RESUMED = re.compile(r'resumed epoch: \d+, iter: (\d+)')
_FRESH = 'starting at iteration 0'
#: What SignalStopHook logs when a signal stops a run.
_STOPPED = re.compile(r'SIGTERM received: stopping after iteration (\d+)/')
_TERM_STATUS = 128 + signal.SIGTERM


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--kills', type=int, default=10)
    parser.add_argument('--procs', type=int, default=1, choices=(1, 2))
    parser.add_argument(
        '--interval',
        type=int,
        default=2,
        help='checkpoint interval in iterations')
    parser.add_argument(
        '--max-iters',
        type=int,
        help='default: enough for every kill to land '
        'before the end (interval * (3 kills + 4))')
    parser.add_argument(
        '--moments',
        choices=('save', 'any', 'both'),
        default='both',
        help='where kills may land')
    parser.add_argument(
        '--signal',
        choices=('KILL', 'TERM'),
        default='KILL',
        help='KILL: a crash; TERM: a scheduler ending the job, which must '
        'stop cleanly')
    parser.add_argument(
        '--intruders',
        type=int,
        default=0,
        help='start a second run into the work dir while each of the first '
        'N segments trains')
    parser.add_argument(
        '--seed', type=int, default=0, help='seed of the kill moments')
    parser.add_argument('--work-dir', help='default: a temporary folder')
    args = parser.parse_args(argv)
    if args.max_iters is None:
        args.max_iters = args.interval * (3 * args.kills + 4)
    return args


def train_command(args,
                  work_dir: str,
                  max_keep: int,
                  interval: Optional[int] = None) -> List[str]:
    interval = interval or args.interval
    options = [
        '--no-validate', '--cfg-options', 'train_dataloader.batch_size=8',
        'target_dataloader.batch_size=8', 'default_hooks.logger.interval=1',
        f'train_cfg.max_iters={args.max_iters}',
        f'param_scheduler.0.end={args.max_iters}',
        f'default_hooks.checkpoint.interval={interval}',
        f'default_hooks.checkpoint.max_keep_ckpts={max_keep}'
    ]
    if args.procs == 1:
        return [
            sys.executable, 'tools/train.py', CONFIG, '--work-dir', work_dir,
            *options
        ]
    return [
        'bash', 'tools/dist_train.sh', CONFIG,
        str(args.procs), '--work-dir', work_dir, *options,
        'randomness.diff_rank_seed=True'
    ]


def environment() -> dict:
    env = dict(os.environ)
    env['PYTHONPATH'] = REPO + os.pathsep + env.get('PYTHONPATH', '')
    env.setdefault('OMP_NUM_THREADS', '1')
    env['PYTHON'] = sys.executable
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        env['PORT'] = str(s.getsockname()[1])
    return env


def start(command: List[str], log: str) -> subprocess.Popen:
    with open(log, 'w') as out:
        return subprocess.Popen(
            command,
            cwd=REPO,
            env=environment(),
            stdout=out,
            stderr=subprocess.STDOUT)


def descendants(pid: int) -> List[int]:
    """Every process below ``pid``, read from ``/proc`` (Linux)."""
    children = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat') as f:
                # "pid (comm) state ppid ...": comm may hold spaces
                ppid = int(f.read().rsplit(')', 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_all(proc: subprocess.Popen) -> None:
    """SIGKILL ``proc`` and everything it started, as a crash of the
    machine would. torchrun puts its ranks in sessions of their own, so
    killing its process group alone would leave them training."""
    for pid in [proc.pid] + descendants(proc.pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()


def terminate(proc: subprocess.Popen, timeout: float = 300) -> int:
    """SIGTERM ``proc`` (torchrun under ``dist_train.sh``, which passes
    it on to each rank) as a scheduler ending the job would; wait for the
    exit and return its status."""
    target = proc.pid
    for pid in descendants(proc.pid):
        try:
            with open(f'/proc/{pid}/cmdline', 'rb') as f:
                if b'torch.distributed.run' in f.read():
                    target = pid
                    break
        except OSError:
            continue
    os.kill(target, signal.SIGTERM)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        kill_all(proc)
        return proc.returncode


def signal_all(proc: subprocess.Popen, signum: int) -> None:
    for pid in [proc.pid] + descendants(proc.pid):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass


def intrude(args, running: subprocess.Popen, work_dir: str, log: str) -> bool:
    """Start a fresh run into the work dir of the run ``running``; True if
    it was refused, naming the lock, and left the files alone.

    ``running`` is paused (SIGSTOP) meanwhile, so that the second run meets
    it mid-training however long either takes to start.
    """
    signal_all(running, signal.SIGSTOP)
    try:
        before = sorted(os.listdir(work_dir))
        proc = start(train_command(args, work_dir, 2), log)
        proc.wait()
        after = sorted(os.listdir(work_dir))
    finally:
        signal_all(running, signal.SIGCONT)
    with open(log) as f:
        text = f.read()
    return proc.returncode != 0 and 'WorkDirBusyError' in text and \
        'is in use by another training run' in text and before == after


def report_intruder(args, work_dir: str, root: str, segment: int, counts: dict,
                    running: subprocess.Popen) -> None:
    """:func:`intrude` into segment ``segment``, counted and printed."""
    log = osp.join(root, f'intruder_{segment}.log')
    refused = intrude(args, running, work_dir, log)
    counts['intruders'] += refused
    print(f'segment {segment}: a second run into its work dir was '
          f'{"refused" if refused else "NOT refused"}; see {log}')


def stopped_at(log: str) -> Optional[int]:
    """The iteration after which SIGTERM stopped the run, from its log."""
    with open(log) as f:
        match = _STOPPED.search(f.read())
    return int(match.group(1)) if match else None


def saved_iter(work_dir: str) -> Optional[int]:
    """The iteration ``last_checkpoint`` names now (None if unreadable)."""
    try:
        with open(osp.join(work_dir, 'last_checkpoint')) as f:
            match = _ITER.search(f.read().strip())
    except OSError:
        return None
    return int(match.group(1)) if match else None


def newest_complete(work_dir: str) -> int:
    """Iteration of the newest complete checkpoint on disk (0: none)."""
    done = [
        int(_ITER.search(p).group(1))
        for p in glob.glob(osp.join(work_dir, 'iter_*.pth'))
        if checkpoint_problem(p) is None
    ]
    return max(done, default=0)


def run_and_kill(proc,
                 work_dir: str,
                 resumed_from: int,
                 rng,
                 moments: str,
                 watch: dict,
                 intruder=None) -> Optional[str]:
    """Kill ``proc`` at a random moment once it saved a checkpoint of its
    own; return the kind of moment, or None if it ended first. ``watch``
    keeps the newest save seen completed, and the exit status of a SIGTERM
    (``watch['status']``). ``intruder`` is called once the segment trains
    (its first save seen)."""
    mode = rng.choice(('save', 'any')) if moments == 'both' else moments
    stop = kill_all if watch.get('signal', 'KILL') == 'KILL' else \
        lambda p: watch.update(status=terminate(p))
    armed_at = armed_iter = kill_at = None
    while proc.poll() is None:
        now = saved_iter(work_dir)
        if now is not None:
            watch['completed'] = max(watch['completed'], now)
        if armed_at is None and now is not None and now > resumed_from:
            if intruder is not None:
                intruder(proc)
            armed_at, armed_iter = time.monotonic(), now
        if now is not None and now == watch.get('last'):
            time.sleep(0.002)  # the final save is done: nothing to stop
            continue
        if armed_at is not None:
            if mode == 'save' and glob.glob(
                    osp.join(work_dir, '*' + PARTIAL_SUFFIX)):
                time.sleep(rng.uniform(0, 0.003))
                stop(proc)
                return mode
            if mode == 'any' and kill_at is None and now is not None \
                    and now > armed_iter:
                # one interval's time, measured: a fixed delay would
                # outlast a short run on a fast machine
                took = time.monotonic() - armed_at
                kill_at = time.monotonic() + rng.uniform(0, took)
            if kill_at is not None and time.monotonic() >= kill_at:
                stop(proc)
                return mode
        time.sleep(0.002)
    return None


def same(a, b, where: str = 'checkpoint') -> Optional[str]:
    """Where two checkpoint parts first differ, or None."""
    if isinstance(a, torch.Tensor):
        equal = isinstance(b, torch.Tensor) and a.shape == b.shape and \
            torch.equal(a, b)
        return None if equal else where
    if isinstance(a, dict):
        if not isinstance(b, dict) or a.keys() != b.keys():
            return where
        for key in a:
            found = same(a[key], b[key], f'{where}.{key}')
            if found:
                return found
        return None
    if isinstance(a, (list, tuple)):
        if not isinstance(b, (list, tuple)) or len(a) != len(b):
            return where
        for i, (u, v) in enumerate(zip(a, b)):
            found = same(u, v, f'{where}[{i}]')
            if found:
                return found
        return None
    if isinstance(a, np.ndarray):
        return None if np.array_equal(a, b) else where
    return None if a == b else where


def compare(path: str, reference: str) -> Optional[str]:
    """Where checkpoint ``path`` differs from ``reference``, or None."""
    a = torch.load(path, map_location='cpu', weights_only=False)
    b = torch.load(reference, map_location='cpu', weights_only=False)
    if a['meta']['iter'] != b['meta']['iter']:
        return 'meta.iter'
    for key in ('state_dict', 'optimizer', 'param_schedulers'):
        found = same(a.get(key), b.get(key), key)
        if found:
            return found
    rng = 'rng_state_per_rank'
    return same(a['message_hub']['runtime_info'].get(rng),
                b['message_hub']['runtime_info'].get(rng),
                f'message_hub.{rng}')


def where_started(log: str) -> Optional[int]:
    with open(log) as f:
        text = f.read()
    match = _RESUMED.search(text)
    if match:
        return int(match.group(1))
    return 0 if _FRESH in text else None


def main(argv=None) -> dict:
    args = parse_args(argv)
    root = args.work_dir or tempfile.mkdtemp(prefix='fault_injection_')
    os.makedirs(root, exist_ok=True)
    reference, work = osp.join(root, 'reference'), osp.join(root, 'killed')
    began = time.monotonic()
    rng = random.Random(args.seed)

    # SIGTERM saves the iteration it stops after, whichever it is: the
    # uninterrupted run keeps every iteration to compare with.
    ref = start(
        train_command(args, reference, -1,
                      1 if args.signal == 'TERM' else None) + ['--resume'],
        osp.join(root, 'reference.log'))
    if ref.wait() != 0:
        raise RuntimeError(f'the uninterrupted run failed; see {root}')

    counts = dict(kills=0, resumed=0, identical=0, lost=0)
    if args.signal == 'TERM':
        counts['clean'] = 0
    if args.intruders:
        counts['intruders'] = 0
    watch = dict(completed=0, signal=args.signal, last=args.max_iters)
    # where the kill left the work dir: newest complete checkpoint, newest
    # save seen completed
    resumed_from = completed_before = 0
    segment = 0
    while True:
        segment += 1
        log = osp.join(root, f'segment_{segment}.log')
        proc = start(train_command(args, work, 2) + ['--resume'], log)
        killing = counts['kills'] < args.kills
        intruder = functools.partial(report_intruder, args, work, root,
                                     segment, counts) \
            if segment <= args.intruders else None

        mode = run_and_kill(proc, work, resumed_from, rng, args.moments,
                            watch, intruder) \
            if killing else None
        if mode is None and proc.wait() != 0:
            print(f'segment {segment} failed; see {log}')
        began_at = where_started(log)
        if segment > 1:
            # the previous kill's outcome: where this segment resumed
            if began_at is None or began_at < completed_before:
                counts['lost'] += 1
            elif began_at == resumed_from:
                counts['resumed'] += 1
            first = (newest_complete(work) if mode else args.max_iters)
            ours = osp.join(work, f'iter_{first}.pth')
            if first > (began_at or 0) and checkpoint_problem(ours) is None:
                diff = compare(ours, osp.join(reference, f'iter_{first}.pth'))
                if diff is None:
                    counts['identical'] += 1
                else:
                    print(f'segment {segment}: iter_{first}.pth differs '
                          f'from the uninterrupted run at {diff}')
            print(f'segment {segment}: resumed at {began_at} (newest '
                  f'complete {resumed_from}, newest save seen '
                  f'{completed_before})')
        if mode is None:
            break
        counts['kills'] += 1
        resumed_from = newest_complete(work)
        completed_before = watch['completed']
        if args.signal == 'TERM':
            # a clean stop saved the iteration it stopped after, and the
            # resume is to continue from there
            status, stop = watch.pop('status'), stopped_at(log)
            clean = stop is not None and stop == resumed_from == \
                saved_iter(work) and (args.procs > 1
                                      or status == _TERM_STATUS)
            counts['clean'] += clean
            completed_before = max(completed_before, stop or 0)
            print(f'kill {counts["kills"]} (TERM, {mode}): exit status '
                  f'{status}, stopped after iteration {stop}, newest '
                  f'complete checkpoint iter_{resumed_from}' +
                  ('' if clean else ' -- NOT a clean stop'))
            continue
        # a partial file left behind: the kill landed inside a write
        partial = sorted(
            osp.basename(p)
            for p in glob.glob(osp.join(work, '*' + PARTIAL_SUFFIX)))
        print(f'kill {counts["kills"]} ({mode}): newest complete '
              f'checkpoint iter_{resumed_from}' +
              (f', left {", ".join(partial)}' if partial else ''))
    print(f'wall time: {time.monotonic() - began:.0f} s, '
          f'{args.max_iters} iterations, {args.procs} process(es), '
          f'files in {root}')
    print(f'kills: {counts["kills"]}, resumed: {counts["resumed"]}, '
          f'bit-identical: {counts["identical"]}, lost: {counts["lost"]}' +
          (f', clean: {counts["clean"]}' if 'clean' in counts else '') +
          (f', intruders refused: {counts["intruders"]}' if 'intruders' in
           counts else ''))
    return counts


def succeeded(args, counts: dict) -> bool:
    """Whether every kill was resumed exactly (and every stop was clean,
    every intruder refused)."""
    kills = counts['kills']
    return counts['resumed'] == counts['identical'] == kills and \
        counts['lost'] == 0 and counts.get('clean', kills) == kills and \
        counts.get('intruders', 0) == min(args.intruders, kills)


if __name__ == '__main__':
    arguments = parse_args()
    sys.exit(0 if succeeded(arguments, main()) else 1)
