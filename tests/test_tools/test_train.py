# Copyright (c) mmda contributors. All rights reserved.
"""End-to-end runs of tools/train.py, tools/test.py and dist_train.sh."""
import glob
import json
import os.path as osp
import re
import sys

import torch
from dist_env import free_port
from tool_runs import (DANN_CFG, SOURCE_ONLY_CFG, TINY_OPTIONS, run_tool,
                       train_py)


def _options(max_iters, *extra):
    return [
        '--cfg-options', *TINY_OPTIONS, f'train_cfg.max_iters={max_iters}',
        f'param_scheduler.0.end={max_iters}', *extra
    ]


def _log(work_dir):
    logs = glob.glob(osp.join(str(work_dir), '*', '*.log'))
    assert len(logs) == 1, logs
    with open(logs[0]) as f:
        return f.read()


def test_train_then_test_single_process(tmp_path):
    work = tmp_path / 'dann'
    train_py(
        DANN_CFG, work,
        *_options(4, 'train_cfg.val_interval=4',
                  'default_hooks.checkpoint.interval=4'))
    log = _log(work)
    assert 'Iter(train) [4/4]' in log and 'accuracy/top1' in log
    assert 'loss_domain' in log and 'grl_lambda' in log
    ckpt = work / 'iter_4.pth'
    assert ckpt.is_file()
    out = tmp_path / 'metrics.json'
    run_tool([
        sys.executable, 'tools/test.py', DANN_CFG,
        str(ckpt), '--work-dir',
        str(tmp_path / 'test'), '--out-metrics',
        str(out)
    ])
    metrics = json.loads(out.read_text())
    assert 0.0 <= metrics['accuracy/top1'] <= 100.0
    # a DANN checkpoint is not a source-only model: refused, keys named
    proc = run_tool([
        sys.executable, 'tools/test.py', SOURCE_ONLY_CFG,
        str(ckpt), '--work-dir',
        str(tmp_path / 'mismatch')
    ],
                    check=False)
    assert proc.returncode != 0
    assert 'does not match the model of' in proc.stderr
    assert 'da_losses.0.discriminator' in proc.stderr


def test_resume_matches_uninterrupted_run(tmp_path):
    extra = ('randomness.deterministic=True', 'train_cfg.val_interval=2',
             'default_hooks.checkpoint.interval=3',
             'default_hooks.checkpoint.max_keep_ckpts=-1')
    full, resumed = tmp_path / 'full', tmp_path / 'resumed'
    train_py(DANN_CFG, full, *_options(6, *extra))
    train_py(DANN_CFG, resumed, '--resume', str(full / 'iter_3.pth'),
             *_options(6, *extra))
    log = _log(resumed)
    first_iter = re.search(r'Iter\(train\) \[\s*(\d+)/6\]', log).group(1)
    assert first_iter == '4', 'a resumed run must continue at N+1'
    assert 'resumed' in log.lower()

    a = torch.load(full / 'iter_6.pth', weights_only=False)
    b = torch.load(resumed / 'iter_6.pth', weights_only=False)
    assert a['meta']['iter'] == b['meta']['iter'] == 6
    assert a['state_dict'].keys() == b['state_dict'].keys()
    for key in a['state_dict']:
        assert torch.equal(a['state_dict'][key], b['state_dict'][key]), key
    _assert_same(a['optimizer'], b['optimizer'], 'optimizer')
    assert a['param_schedulers'] == b['param_schedulers']
    # and the run really changed the weights after the resume point
    mid = torch.load(full / 'iter_3.pth', weights_only=False)
    assert not torch.equal(mid['state_dict']['head.fc.weight'],
                           b['state_dict']['head.fc.weight'])


def _assert_same(x, y, where):
    if isinstance(x, torch.Tensor):
        assert torch.equal(x, y), where
    elif isinstance(x, dict):
        assert x.keys() == y.keys(), where
        for k in x:
            _assert_same(x[k], y[k], f'{where}.{k}')
    elif isinstance(x, (list, tuple)):
        assert len(x) == len(y), where
        for i, (u, v) in enumerate(zip(x, y)):
            _assert_same(u, v, f'{where}[{i}]')
    else:
        assert x == y, where


def test_load_from_and_resume_from_another_method(tmp_path):
    first = tmp_path / 'first'
    train_py(SOURCE_ONLY_CFG, first, '--no-validate', *_options(2))
    ckpt = first / 'iter_2.pth'
    # load_from may initialise DANN from a source-only model ...
    second = tmp_path / 'second'
    train_py(DANN_CFG, second, '--no-validate',
             *_options(2, f'load_from={ckpt}'))
    assert 'Load checkpoint from' in _log(second)
    # ... but resuming DANN from it is refused, naming the keys
    proc = train_py(
        DANN_CFG,
        tmp_path / 'third',
        '--no-validate',
        '--resume',
        str(ckpt),
        *_options(4),
        check=False)
    assert proc.returncode != 0
    assert f'cannot resume from {ckpt}' in proc.stderr
    # DANN's digits network differs from source-only's (tllib's recipe), so
    # shapes differ too; the discriminator is among the missing keys
    assert 'missing keys (' in proc.stderr
    assert 'da_losses.0.discriminator' in proc.stderr
    assert not (tmp_path / 'third' / 'iter_3.pth').exists()


def test_dist_train_two_processes_on_cpu(tmp_path):
    work = tmp_path / 'dist'
    proc = run_tool([
        'bash', 'tools/dist_train.sh', DANN_CFG, '2', '--work-dir',
        str(work), *_options(3, 'train_cfg.val_interval=3')
    ],
                    env={
                        'PORT': free_port(),
                        'PYTHON': sys.executable
                    })
    log = _log(work)
    assert 'Distributed training: True' in log
    assert 'Iter(train) [3/3]' in log and 'accuracy/top1' in log
    assert (work / 'iter_3.pth').is_file(), proc.stdout[-2000:]
    out = tmp_path / 'metrics.json'
    run_tool([
        'bash', 'tools/dist_test.sh', DANN_CFG,
        str(work / 'iter_3.pth'), '2', '--work-dir',
        str(tmp_path / 'dist_test'), '--out-metrics',
        str(out)
    ],
             env={
                 'PORT': free_port(),
                 'PYTHON': sys.executable
             })
    assert 0.0 <= json.loads(out.read_text())['accuracy/top1'] <= 100.0


def test_missing_config_file_is_named(tmp_path):
    proc = train_py('configs/dann/no_such_config.py', tmp_path, check=False)
    assert proc.returncode != 0
    assert "config file 'configs/dann/no_such_config.py' does not exist" in \
        proc.stderr


def test_unknown_type_lists_the_scopes(tmp_path):
    proc = train_py(
        DANN_CFG,
        tmp_path,
        '--cfg-options',
        'model.backbone.type=LeNett',
        check=False)
    assert proc.returncode != 0
    assert "unknown type 'LeNett'" in proc.stderr
    assert 'mmda::model -> mmpretrain::model -> mmengine::model' in \
        proc.stderr
    assert "Did you mean 'LeNet'" in proc.stderr


def test_config_typo_in_a_key_is_named(tmp_path):
    proc = train_py(
        DANN_CFG,
        tmp_path,
        '--cfg-options',
        'model.backbone.chanels=[4,8]',
        check=False)
    assert proc.returncode != 0
    assert 'chanels' in proc.stderr


def test_zero_iterations_is_refused(tmp_path):
    proc = train_py(
        DANN_CFG,
        tmp_path,
        '--cfg-options',
        'train_cfg.max_iters=0',
        check=False)
    assert proc.returncode != 0
    assert 'train_cfg.max_iters must be a positive integer, got 0' in \
        proc.stderr
