# Copyright (c) mmda contributors. All rights reserved.
"""mmda as a package: built as a wheel, installed into an environment that
already holds the OpenMMLab stack, used through ``mim`` and from configs that
live outside any mmda checkout."""
import json
import os
import os.path as osp
import subprocess
import sys
import sysconfig

import pytest
import yaml
from checkout_copy import copy_of_checkout

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
PIP = [sys.executable, '-m', 'pip', '--disable-pip-version-check']
TINY = [
    'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
    'default_hooks.checkpoint.interval=2', 'train_dataloader.batch_size=8',
    'target_dataloader.batch_size=8', 'val_dataloader.batch_size=256',
    'test_dataloader.batch_size=256'
]


@pytest.fixture(scope='module')
def installed(tmp_path_factory):
    """A fresh venv whose only own package is mmda's wheel; the stack comes
    from the test environment through a .pth file (an "existing OpenMMLab
    environment"), so the checkout is not importable from it."""
    root = tmp_path_factory.mktemp('pkg')
    src = copy_of_checkout(str(root))
    subprocess.run(
        PIP + [
            'wheel', '-q', '--no-deps', '--no-build-isolation', '--no-index',
            '-w',
            str(root / 'dist'), src
        ],
        check=True,
        capture_output=True)
    wheel = next((root / 'dist').glob('openmmda-*.whl'))
    venv = root / 'venv'
    subprocess.run([sys.executable, '-m', 'venv', '--without-pip',
                    str(venv)],
                   check=True)
    python = str(venv / 'bin' / 'python')
    site = subprocess.run([
        python, '-c',
        'import sysconfig; print(sysconfig.get_paths()["purelib"])'
    ],
                          check=True,
                          capture_output=True,
                          text=True).stdout.strip()
    with open(osp.join(site, 'stack.pth'), 'w') as f:
        f.write(sysconfig.get_paths()['purelib'] + '\n')
    subprocess.run(
        PIP + [
            'install', '-q', '--no-deps', '--no-index', '--target', site,
            str(wheel)
        ],
        check=True,
        capture_output=True)
    run_dir = root / 'elsewhere'
    run_dir.mkdir()
    return dict(
        python=python, site=site, run_dir=run_dir, wheel=wheel, src=src)


def _run(installed, args, **kwargs):
    env = {k: v for k, v in os.environ.items() if k != 'PYTHONPATH'}
    env.update(OMP_NUM_THREADS='1', PYTHONWARNINGS='ignore')
    return subprocess.run(
        [installed['python']] + args,
        cwd=installed['run_dir'],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        **kwargs)


def test_wheel_ships_configs_tools_and_model_index(installed):
    pkg = osp.join(installed['site'], 'mmda')
    assert osp.isfile(
        osp.join(pkg, 'configs', 'dann',
                 'dann_lenet_2k_digits_uci2mnist5k.py'))
    assert osp.isfile(osp.join(pkg, 'configs', '_base_', 'default_runtime.py'))
    assert osp.isfile(osp.join(pkg, '.mim', 'tools', 'train.py'))
    assert osp.isfile(osp.join(pkg, '.mim', 'model-index.yml'))
    with open(osp.join(pkg, '.mim', 'model-index.yml')) as f:
        metafiles = yaml.safe_load(f)['Import']
    assert len(metafiles) >= 7
    for metafile in metafiles:
        assert osp.isfile(osp.join(pkg, '.mim', metafile)), metafile
    proc = _run(installed, ['-c', 'import mmda; print(mmda.__file__)'])
    assert proc.stdout.strip().startswith(pkg), proc.stderr


def test_mim_trains_and_tests_an_installed_config(installed):
    mim = [
        '-c', 'import sys; from mim.cli import cli; '
        'sys.argv = ["mim"] + sys.argv[1:]; cli()'
    ]
    config = 'dann_lenet_2k_digits_uci2mnist5k.py'
    proc = _run(
        installed, mim + [
            'train', 'openmmda', config, '--gpus', '0', '--work-dir', 'wd',
            '--cfg-options'
        ] + TINY)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert 'Training finished successfully' in proc.stdout
    checkpoint = installed['run_dir'] / 'wd' / 'iter_2.pth'
    assert checkpoint.is_file()
    # the config mim found is the installed one, not a checkout's
    dumped = (installed['run_dir'] / 'wd' / config).read_text()
    assert 'UDATrainLoop' in dumped
    proc = _run(
        installed, mim + [
            'test', 'openmmda', config, '--gpus', '0', '--checkpoint',
            str(checkpoint), '--work-dir', 'wdt'
        ])
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert 'accuracy/top1' in proc.stdout


def test_user_config_inherits_from_the_installed_package(installed):
    user = installed['run_dir'] / 'my_dann.py'
    user.write_text(
        'from mmengine.config import read_base\n\n'
        'with read_base():\n'
        '    from mmda.configs.dann.dann_lenet_2k_digits_uci2mnist5k '
        'import *  # noqa\n\n'
        "target_dataloader.dataset.split = 'test'\n")
    proc = _run(installed, [
        '-c',
        ('from mmengine.config import Config; '
         'c = Config.fromfile("my_dann.py"); '
         'print(c.target_dataloader.dataset.split, c.filename)')
    ])
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split()[0] == 'test'


def test_installing_into_the_stack_changes_none_of_its_versions(installed):
    """``pip install openmmda`` where the stack is already installed installs
    mmda alone: its requirements are ranges the stack satisfies."""
    report = installed['run_dir'] / 'report.json'
    proc = subprocess.run(
        PIP + [
            'install', '--dry-run', '--no-index', '--no-build-isolation',
            '--report',
            str(report), '-q',
            str(installed['wheel'])
        ],
        capture_output=True,
        text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    would_install = [
        item['metadata']['name']
        for item in json.loads(report.read_text())['install']
    ]
    assert would_install == ['openmmda'], would_install
