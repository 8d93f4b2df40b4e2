# Copyright (c) mmda contributors. All rights reserved.
"""Stop training cleanly on SIGTERM or SIGINT, with a checkpoint."""
import os.path as osp
import signal
import threading
from typing import Dict, Optional

import torch
from mmengine.dist import all_reduce, get_world_size
from mmengine.hooks import CheckpointHook, Hook
from mmengine.runner import EpochBasedTrainLoop

from mmda.registry import HOOKS


@HOOKS.register_module()
class SignalStopHook(Hook):
    """Turn SIGTERM and SIGINT into a clean stop with a checkpoint.

    Schedulers (SLURM's pre-emption, ``kill``, Kubernetes) send SIGTERM,
    whose default action ends Python at once: no log line, and the
    iterations since the last checkpoint are lost. From ``before_train``
    on, this hook's handler only records the signal. After the iteration
    in progress (after its ``CheckpointHook``, so a save due at that
    iteration is not written twice), training then

    - logs the signal and the iteration;
    - saves a checkpoint of that iteration through the runner's
      ``CheckpointHook`` (mmda's ``AtomicCheckpointHook`` by default:
      written to ``*.partial`` and renamed), unless it has just saved one;
    - stops the train loop and, at ``after_run``, exits with
      ``128 + signum`` (143 for SIGTERM, 130 for SIGINT), the status a
      shell gives a process ended by that signal, so job schedulers still
      see an interrupted run. ``--resume`` continues at the next iteration.

    mmengine resumes epoch-based loops only at an epoch's start, so these
    stop at the end of the epoch in progress. A second signal restores the
    previous handler and re-sends itself: a second Ctrl-C stops at once.
    A signal the process was started ignoring (``nohup``, or SIGINT in a
    shell's background job) stays ignored, as Python itself leaves it.
    In a distributed run the ranks agree on the stop (one ``all_reduce``
    per iteration), so all save the same iteration and none waits on a
    rank that has stopped.

    Args:
        signals (tuple[str]): The names of the signals handled. Defaults to
            ``('SIGTERM', 'SIGINT')``.
    """

    priority = 'LOWEST'

    def __init__(self, signals=('SIGTERM', 'SIGINT')) -> None:
        unknown = [s for s in signals if not hasattr(signal, s)]
        if unknown:
            raise ValueError(f'SignalStopHook: unknown signals {unknown}')
        self.signals = tuple(getattr(signal, s) for s in signals)
        self.received = 0
        self._previous: Dict[int, object] = {}
        self._stopped = 0

    def before_train(self, runner) -> None:
        # Python runs handlers in the main thread only; elsewhere (a
        # notebook's worker thread) the default actions stay.
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in self.signals:
            if signal.getsignal(signum) is signal.SIG_IGN:
                runner.logger.info(
                    f'{signal.Signals(signum).name} is ignored by this '
                    'process (nohup, or a background job): left ignored')
                continue
            self._previous[signum] = signal.signal(signum, self._handle)

    def _handle(self, signum: int, frame) -> None:
        if self.received:
            self._restore()
            signal.raise_signal(signum)
            return
        self.received = signum

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch=None,
                         outputs: Optional[dict] = None) -> None:
        signum = self._agreed_signal()
        if not signum or self._stopped:
            return
        name = signal.Signals(signum).name
        done = f'iteration {runner.iter + 1}/{runner.max_iters}'
        if isinstance(runner.train_loop, EpochBasedTrainLoop):
            runner.logger.warning(
                f'{name} received at {done}: stopping at the end of epoch '
                f'{runner.epoch + 1} (epoch-based training resumes at an '
                'epoch start)')
            # negative: the stop is due at the end of the epoch
            self._stopped = -signum
            return
        runner.logger.warning(f'{name} received: stopping after {done}')
        self._stop(runner, signum)

    def after_train_epoch(self, runner) -> None:
        if self._stopped < 0:
            self._stop(runner, -self._stopped)

    def _agreed_signal(self) -> int:
        """The signal any rank received (the largest number), or 0."""
        if get_world_size() == 1:
            return self.received
        flag = torch.tensor([self.received])
        all_reduce(flag, op='max')
        return int(flag.item())

    def _stop(self, runner, signum: int) -> None:
        checkpoint = next(
            (h for h in runner.hooks if isinstance(h, CheckpointHook)), None)
        if checkpoint is None:
            runner.logger.warning('no CheckpointHook: nothing saved')
        else:
            step = runner.epoch + 1 if checkpoint.by_epoch else \
                runner.iter + 1
            name = checkpoint.filename_tmpl.format(step)
            last = checkpoint.last_ckpt
            if last is None or osp.basename(str(last)) != name:
                runner.logger.info(f'Saving checkpoint {name} before '
                                   'stopping')
                # The hook's own save: its file names, kept-checkpoint
                # bookkeeping and (AtomicCheckpointHook) atomic writes.
                checkpoint._save_checkpoint(runner)
        runner.train_loop.stop_training = True
        self._stopped = signum

    def after_run(self, runner) -> None:
        self._restore()
        if self._stopped > 0:
            runner.logger.warning(
                f'training stopped by {signal.Signals(self._stopped).name}; '
                f'exiting with status {128 + self._stopped}. Continue with '
                '--resume.')
            raise SystemExit(128 + self._stopped)

    def _restore(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous = {}
