# Copyright (c) mmda contributors. All rights reserved.
"""SIGTERM / SIGINT stop training after the iteration in progress, with a
checkpoint of it (mmda/engine/hooks/signal_stop_hook.py)."""
import os
import signal

import pytest
from mmengine.hooks import Hook
from mmengine.runner import Runner
from tiny_runs import assert_last_checkpoint_is, dg_cfg

from mmda.engine.hooks import SignalStopHook


class _Send(Hook):
    """Send ``signum`` to this process during iteration ``at_iter``."""

    priority = 'HIGHEST'

    def __init__(self, at_iter, signum, times=1):
        self.at_iter, self.signum, self.times = at_iter, signum, times

    def after_train_iter(self,
                         runner,
                         batch_idx,
                         data_batch=None,
                         outputs=None):
        if runner.iter + 1 == self.at_iter:
            for _ in range(self.times):
                os.kill(os.getpid(), self.signum)


@pytest.fixture(autouse=True)
def default_handlers():
    """Python's own handlers, whatever the test process inherited: a
    shell's background job (CI) starts with SIGINT ignored, which the hook
    rightly leaves alone."""
    previous = {
        signal.SIGINT: signal.signal(signal.SIGINT,
                                     signal.default_int_handler),
        signal.SIGTERM: signal.signal(signal.SIGTERM, signal.SIG_DFL),
    }
    yield
    for signum, handler in previous.items():
        signal.signal(signum, handler)


def _runner(work_dir, interval, max_iters=6):
    cfg = dg_cfg(work_dir, max_iters=max_iters)
    cfg.default_hooks.checkpoint.interval = interval
    assert dict(type=SignalStopHook) in cfg.custom_hooks, 'a default hook'
    return Runner.from_cfg(cfg)


def _log(runner):
    with open(runner.logger.log_file) as f:
        return f.read()


@pytest.mark.parametrize('name', ['SIGTERM', 'SIGINT'])
def test_signal_saves_the_iteration_and_exits(tmp_path, name):
    signum = getattr(signal, name)
    before = signal.getsignal(signum)
    runner = _runner(tmp_path, interval=4)
    runner.register_hook(_Send(3, signum))
    with pytest.raises(SystemExit) as info:
        runner.train()
    assert info.value.code == 128 + signum
    assert_last_checkpoint_is(tmp_path, 3)
    log = _log(runner)
    assert f'{name} received: stopping after iteration 3/6' in log
    assert 'Saving checkpoint iter_3.pth before stopping' in log
    assert f'exiting with status {128 + signum}' in log
    assert signal.getsignal(signum) is before, 'handler restored'


def test_no_second_save_of_a_saved_iteration(tmp_path):
    runner = _runner(tmp_path, interval=2)
    runner.register_hook(_Send(4, signal.SIGTERM))
    with pytest.raises(SystemExit):
        runner.train()
    assert_last_checkpoint_is(tmp_path, 4)
    assert 'before stopping' not in _log(runner)


def test_second_signal_stops_at_once(tmp_path):
    runner = _runner(tmp_path, interval=4)
    runner.register_hook(_Send(3, signal.SIGINT, times=2))
    with pytest.raises(KeyboardInterrupt):
        runner.train()
    assert not (tmp_path / 'iter_3.pth').exists()


def test_an_ignored_signal_stays_ignored(tmp_path):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    runner = _runner(tmp_path, interval=4)
    runner.register_hook(_Send(3, signal.SIGINT))
    runner.train()  # to the end: nohup's and a background job's contract
    assert runner.iter == 6
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    assert 'SIGINT is ignored by this process' in _log(runner)


def test_unknown_signal_is_named():
    with pytest.raises(ValueError, match=r"unknown signals \['SIGFOO'\]"):
        SignalStopHook(signals=('SIGTERM', 'SIGFOO'))


def test_epoch_based_training_stops_at_the_epoch_end(tmp_path):
    cfg = dg_cfg(tmp_path)
    cfg.train_cfg = dict(type='ExactResumeEpochLoop', max_epochs=3)
    cfg.train_dataloader.dataset.indices = 32  # 4 iterations an epoch
    cfg.train_dataloader.sampler = dict(type='DefaultSampler', shuffle=True)
    cfg.param_scheduler = []
    cfg.default_hooks.checkpoint.update(by_epoch=True, interval=3)
    runner = Runner.from_cfg(cfg)
    runner.register_hook(_Send(6, signal.SIGTERM))
    with pytest.raises(SystemExit) as info:
        runner.train()
    assert info.value.code == 128 + signal.SIGTERM
    assert runner.iter == 8, 'the second epoch was finished'
    assert sorted(p.name for p in tmp_path.glob('*.pth')) == ['epoch_2.pth']
    assert 'SIGTERM received at iteration 6/12: stopping at the end of ' \
        'epoch 2' in _log(runner)
