# Copyright (c) mmda contributors. All rights reserved.
"""tools/train.py and tools/test.py refuse unknown config keys at start-up,
before anything is trained or written (issue 13, item 5)."""
import importlib.util
import os
import os.path as osp
import subprocess
import sys

import pytest
from tool_runs import DANN_CFG, REPO, TINY_OPTIONS

from mmda.utils import ConfigKeyError


def _tool(name):
    spec = importlib.util.spec_from_file_location(
        f'mmda_tool_{name}', osp.join(REPO, 'tools', f'{name}.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize('option, key, near', [
    ('default_hooks.checkpoint.intervl=5', 'default_hooks.checkpoint.intervl',
     'interval'),
    ('train_cfgg.max_iters=5', 'train_cfgg', 'train_cfg'),
])
def test_train_refuses_the_issue_examples(tmp_path, option, key, near):
    work = tmp_path / 'work'
    # Tiny settings, so that a regression fails in seconds, not 2k iters.
    tiny = [*TINY_OPTIONS, 'train_cfg.max_iters=2']
    with pytest.raises(ConfigKeyError) as info:
        _tool('train').main([
            DANN_CFG, '--work-dir',
            str(work), '--cfg-options', *tiny, option
        ])
    message = str(info.value)
    assert f"unknown key '{key}'" in message
    assert f"did you mean '{near}'?" in message
    # Refused before the Runner: no work dir, no log, no checkpoint.
    assert not work.exists()


def test_train_refuses_a_misspelt_key_in_a_user_config(tmp_path):
    config = tmp_path / 'my_dann.py'
    config.write_text(
        'from mmengine.config import read_base\n\n'
        'with read_base():\n'
        '    from mmda.configs.dann.dann_lenet_2k_digits_uci2mnist5k '
        'import *  # noqa\n\n'
        'optim_wraper = dict(optimizer=dict(lr=0.1))\n')
    work = tmp_path / 'work'
    with pytest.raises(
            ConfigKeyError,
            match="unknown key 'optim_wraper': "
            "nothing reads it; did you mean 'optim_wrapper'"):
        _tool('train').main([str(config), '--work-dir', str(work)])
    assert not work.exists()


def test_test_refuses_a_misspelt_test_key(tmp_path):
    ckpt = tmp_path / 'iter_1.pth'
    ckpt.write_bytes(b'')  # never read: the config is refused first
    work = tmp_path / 'work'
    with pytest.raises(ConfigKeyError) as info:
        _tool('test').main([
            DANN_CFG,
            str(ckpt), '--work-dir',
            str(work), '--cfg-options', 'test_dataloader.batch_sise=4',
            'test_cfgg.fp16=True'
        ])
    message = str(info.value)
    assert "'test_dataloader.batch_sise': not an argument of DataLoader; " \
        "did you mean 'batch_size'?" in message
    assert "unknown key 'test_cfgg'" in message
    assert "did you mean 'test_cfg'?" in message
    assert not work.exists()


def test_multi_seed_refuses_a_misspelt_key(tmp_path):
    spec = importlib.util.spec_from_file_location(
        'mmda_tool_multi_seed', osp.join(REPO, 'tools', 'multi_seed.py'))
    multi_seed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(multi_seed)
    with pytest.raises(
            ConfigKeyError,
            match="'train_cfg.max_iter': not an "
            "argument of UDATrainLoop; did you mean 'max_iters'"):
        multi_seed.main([
            DANN_CFG, '--seeds', '0', '1', '--work-dir',
            str(tmp_path), '--cfg-options', 'train_cfg.max_iter=2'
        ])
    assert list(tmp_path.iterdir()) == []


def test_command_line_from_another_folder(tmp_path):
    # The config given by name (looked up in mmda's package), both issue
    # examples at once, from a folder outside the repository.
    env = dict(os.environ)
    env['PYTHONPATH'] = REPO + os.pathsep + env.get('PYTHONPATH', '')
    env.setdefault('OMP_NUM_THREADS', '1')
    proc = subprocess.run([
        sys.executable,
        osp.join(REPO, 'tools', 'train.py'),
        'dann_lenet_2k_digits_uci2mnist5k.py', '--cfg-options',
        'default_hooks.checkpoint.intervl=5', 'train_cfgg.max_iters=5'
    ],
                          cwd=tmp_path,
                          env=env,
                          capture_output=True,
                          text=True,
                          timeout=600)
    assert proc.returncode != 0
    assert 'ConfigKeyError' in proc.stderr
    assert "unknown key 'default_hooks.checkpoint.intervl'" in proc.stderr
    assert "did you mean 'interval'?" in proc.stderr
    assert "unknown key 'train_cfgg'" in proc.stderr
    assert "did you mean 'train_cfg'?" in proc.stderr
    # nothing written: no work_dirs/, no checkpoint
    assert os.listdir(tmp_path) == []
