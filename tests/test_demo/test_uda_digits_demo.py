# Copyright (c) mmda contributors. All rights reserved.
"""The main job, demo/uda_digits_demo.py, reports progress while it trains
and ends with the side-by-side table."""
import importlib.util
import os.path as osp
import re
import sys

from tool_runs import REPO, TINY_OPTIONS, run_tool

DEMO = osp.join(REPO, 'demo', 'uda_digits_demo.py')


def _demo_module():
    spec = importlib.util.spec_from_file_location('uda_digits_demo', DEMO)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_progress_line_condenses_runner_log_lines():
    progress_line = _demo_module().progress_line
    train = ('11/30 05:40:00 - mmengine - INFO - Iter(train) [ 100/2000]  '
             'base_lr: 9.6e-03 lr: 9.6e-03  eta: 0:01:52  time: 0.0577  '
             'data_time: 0.0031  memory: 0  loss: 0.6251  loss_cls: 0.6251')
    assert progress_line(train) == \
        'train [ 100/2000]  eta 0:01:52  loss 0.6251'
    val = ('11/30 05:41:00 - mmengine - INFO - Iter(val) [6/6]    '
           'accuracy/top1: 93.2000  data_time: 0.0020  time: 0.0100')
    assert progress_line(val) == 'val [6/6]  accuracy/top1 93.2000'
    epoch = 'mmengine - INFO - Epoch(train)  [3][10/16]  eta: 0:00:07'
    assert progress_line(epoch) == 'train [3][10/16]  eta 0:00:07'
    assert progress_line('mmengine - INFO - Checkpoints will be saved') \
        is None


def test_demo_prints_progress_with_eta_and_the_final_table(tmp_path):
    proc = run_tool([
        sys.executable, DEMO, '--work-dir',
        str(tmp_path), '--log-interval', '2', '--cfg-options', *TINY_OPTIONS,
        'train_cfg.max_iters=4', 'param_scheduler.0.end=4',
        'train_cfg.val_interval=4'
    ])
    out = proc.stdout
    # the README's figures are one-thread figures; so is the default demo
    assert 'Each stage trains with 1 CPU thread(s)' in out
    for name in ('ERM', 'DANN'):
        # progress of training, as it happens, with the Runner's ETA
        for it in (2, 4):
            assert re.search(
                rf'\[seed 0\] {name} +train \[{it}/4\]  eta \d+:\d\d:\d\d  '
                r'loss \d', out), (name, it, out)
        assert re.search(
            rf'\[seed 0\] {name} +test \[\d+/\d+\]  '
            r'accuracy/top1 \d', out), (name, out)
    table = out[out.index('uci -> mnist5k, target test accuracy'):]
    assert re.search(r'ERM +\d+\.\d\d +0\.00', table), table
    assert re.search(r'DANN +\d+\.\d\d +0\.00', table), table
