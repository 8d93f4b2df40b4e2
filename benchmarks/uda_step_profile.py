# Copyright (c) mmda contributors. All rights reserved.
"""Where one training iteration of a UDA config spends its time.

Runs the config's Runner path as ``benchmarks/uda_step_time.py`` does
(loop, hooks, loaders, data preprocessor, ``train_step``; no validation,
no checkpoint, logging interval out of reach) and wraps the parts of an
iteration with timers: each hook's ``before_train_iter`` and
``after_train_iter``, the paired batch draw and each dataset's
``__getitem__`` (the per-sample pipeline), the data preprocessor, the
forward with the losses, ``parse_losses``, the optimiser wrapper's
``backward``/``step``/``zero_grad`` and the message hub's updates. The
timers are not nested out of each other: ``train_step`` includes its
parts, the batch draw includes ``__getitem__``. The first ``--warmup``
iterations are not counted.

Usage::

    OMP_NUM_THREADS=1 python benchmarks/uda_step_profile.py \\
        [--config configs/dann/dann_lenet_2k_digits_uci2mnist5k.py] \\
        [--iters 40] [--warmup 5] [--threads 1]
"""
import argparse
import os.path as osp
import statistics
import sys
import tempfile
import time
from collections import defaultdict

import torch
from mmengine.config import Config
from mmengine.logging import MMLogger
from mmengine.optim import OptimWrapper
from mmengine.runner import Runner

from mmda.utils import register_all_modules

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
if REPO not in sys.path:  # benchmarks.uda_step_time, when run as a script
    sys.path.insert(0, REPO)
from benchmarks.uda_step_time import _StepTimer  # noqa: E402


class PartTimer:
    """Accumulates the time of wrapped callables while ``on``."""

    def __init__(self):
        self.on = False
        self.seconds = defaultdict(float)
        self.calls = defaultdict(int)
        self._undo = []

    def wrap(self, owner, name, part):
        """Replace ``owner.name`` (an instance's or a class's attribute)
        with a timed call of it, recorded under ``part``."""
        fn = getattr(owner, name)
        own = name in vars(owner)
        self._undo.append((owner, name, vars(owner).get(name), own))

        def timed(*args, **kwargs):
            start = time.perf_counter()
            out = fn(*args, **kwargs)
            if self.on:
                self.seconds[part] += time.perf_counter() - start
                self.calls[part] += 1
            return out

        setattr(owner, name, timed)

    def restore(self):
        """Put every wrapped attribute back (classes outlive the run)."""
        for owner, name, original, own in reversed(self._undo):
            if own:
                setattr(owner, name, original)
            else:
                delattr(owner, name)
        self._undo.clear()


def _instrument(runner, parts):
    loop = runner.train_loop
    for hook in runner.hooks:
        for name in ('before_train_iter', 'after_train_iter'):
            parts.wrap(hook, name, f'hook {type(hook).__name__}.{name}')
    # The loop's batch draw (both domains for UDATrainLoop).
    draw = getattr(loop.dataloader_iterator, 'draw', None)
    if draw is not None:
        parts.wrap(loop.dataloader_iterator, 'draw',
                   'data: batch draw (pipeline + collate)')
    loaders = [loop.dataloader, getattr(loop, 'target_dataloader', None)]
    for loader in filter(None, loaders):
        # ``dataset[i]`` looks __getitem__ up on the class.
        cls = type(loader.dataset)
        parts.wrap(cls, '__getitem__', f'data:   {cls.__name__}.__getitem__')
    model = runner.model
    parts.wrap(model, 'train_step', 'train_step')
    parts.wrap(model.data_preprocessor, 'forward',
               'train_step: data_preprocessor')
    parts.wrap(model, '_run_forward', 'train_step: forward + losses')
    parts.wrap(model, 'parse_losses', 'train_step: parse_losses')
    # The optimiser wrapper is built in runner.train(): wrap its class.
    for name in ('backward', 'step', 'zero_grad'):
        parts.wrap(OptimWrapper, name, f'train_step: optim {name}')
    for name in ('update_scalar', 'update_scalars', 'update_info'):
        parts.wrap(runner.message_hub, name, f'message_hub.{name}')


def profile(config, iters, warmup):
    """Return (mean s/iter, {part: (s/iter, calls/iter)})."""
    cfg = Config.fromfile(config)
    parts = PartTimer()
    with tempfile.TemporaryDirectory() as work_dir:
        cfg.merge_from_dict({
            'work_dir': work_dir,
            'default_hooks.logger.interval': 10**6,
            'default_hooks.checkpoint.interval': 10**6,
            'default_hooks.checkpoint.save_last': False,
            'log_level': 'ERROR',
            'val_cfg': None,
            'val_dataloader': None,
            'val_evaluator': None,
            'train_cfg.max_iters': iters + warmup,
        })
        runner = Runner.from_cfg(cfg)
        timer = _StepTimer(iters + warmup)
        runner.register_hook(timer)
        _instrument(runner, parts)
        stamp = timer.after_train_iter

        def after_train_iter(*args, **kwargs):
            stamp(*args, **kwargs)
            parts.on = len(timer.times) >= warmup

        timer.after_train_iter = after_train_iter
        try:
            runner.train()
        finally:
            parts.restore()
    return statistics.mean(timer.times[warmup:]), {
        k: (v / iters, parts.calls[k] / iters)
        for k, v in sorted(parts.seconds.items())
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--config',
        default=osp.join(REPO,
                         'configs/dann/dann_lenet_2k_digits_uci2mnist5k.py'))
    parser.add_argument('--iters', type=int, default=40)
    parser.add_argument('--warmup', type=int, default=5)
    parser.add_argument('--threads', type=int, default=None)
    args = parser.parse_args(argv)
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    register_all_modules(init_default_scope=False)
    MMLogger.get_instance('uda_step_profile', log_level='WARNING')
    step, parts = profile(args.config, args.iters, args.warmup)
    print(f'torch threads {torch.get_num_threads()}; {args.iters} '
          f'iterations after {args.warmup} warm-up: {step * 1e3:.2f} ms/iter')
    for part, (seconds, calls) in parts.items():
        print(f'{seconds * 1e3:9.3f} ms/iter  {part}  ({calls:g} calls/iter)')
    return step, parts


if __name__ == '__main__':
    main()
