# Copyright (c) mmda contributors. All rights reserved.
"""The floors in requirements/runtime.txt hold: mmda's sdist and wheel, each
installed by pip into a fresh environment together with the lowest
supported stack (and without the project's constraints), train with
``mim train``.

Slow (it installs torch twice, about 3 GB of wheels each from pip's cache,
from PyPI the first time), so deselected by default: run it with
``pytest -m slow tests/test_packaging``.
"""
import os
import os.path as osp
import subprocess
import sys

import pytest
from checkout_copy import copy_of_checkout
from tool_runs import REPO

pytestmark = pytest.mark.slow

#: The lowest versions requirements/runtime.txt and mminstall.txt allow
#: that pip can install here: torch 2.1 with its torchvision, and numpy 1,
#: which torch<2.3 is built against (pip does not know that: torch does not
#: declare numpy).
LOWEST = {
    'torch': '2.1.2',
    'torchvision': '0.16.2',
    'mmengine': '0.10.3',
    'mmcv-lite': '2.0.0',
    'mmpretrain': '1.2.0',
}
NUMPY = 'numpy<2'
TINY = [
    'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
    'default_hooks.checkpoint.interval=2', 'train_dataloader.batch_size=8',
    'target_dataloader.batch_size=8', 'val_dataloader.batch_size=256',
    'test_dataloader.batch_size=256'
]


def _env():
    """The calling environment, less anything that would make the checkout
    importable or pip use the project's constraints."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ('PYTHONPATH', 'PIP_CONSTRAINT', 'VIRTUAL_ENV')
    }
    env.update(
        OMP_NUM_THREADS='1',
        PYTHONWARNINGS='ignore',
        PIP_DISABLE_PIP_VERSION_CHECK='1')
    return env


def _run(args, cwd, timeout=3600):
    proc = subprocess.run(
        args,
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=timeout)
    assert proc.returncode == 0, (f'{args} failed:\n{proc.stdout[-3000:]}\n'
                                  f'{proc.stderr[-3000:]}')
    return proc


def _venv(path):
    _run([sys.executable, '-m', 'venv', str(path)], cwd=str(path.parent))
    return str(path / 'bin' / 'python')


@pytest.fixture(scope='module')
def dists(tmp_path_factory):
    """The sdist and the wheel, as ``python -m build`` makes them (the
    wheel is built from the sdist)."""
    if sys.version_info >= (3, 12):
        pytest.skip('torch 2.1 has no wheels for Python 3.12 and later')
    root = tmp_path_factory.mktemp('dists')
    src = copy_of_checkout(str(root))
    python = _venv(root / 'build_env')
    _run([python, '-m', 'pip', 'install', '-q', 'build'], cwd=str(root))
    _run([python, '-m', 'build', '--outdir',
          str(root / 'dist'), src],
         cwd=str(root))
    return dict(
        sdist=next((root / 'dist').glob('openmmda-*.tar.gz')),
        wheel=next((root / 'dist').glob('openmmda-*.whl')))


@pytest.mark.parametrize('kind', ['sdist', 'wheel'])
def test_lowest_stack_installs_and_trains_with_mim(dists, kind,
                                                   tmp_path_factory):
    root = tmp_path_factory.mktemp(f'lowest_{kind}')
    python = _venv(root / 'venv')
    pins = [f'{name}=={version}' for name, version in LOWEST.items()]
    # one resolution, as a user's `pip install` of mmda into that stack
    _run(
        [python, '-m', 'pip', 'install', '-q',
         str(dists[kind]), NUMPY] + pins,
        cwd=str(root))
    # `mim` as tools/install.sh installs it (see requirements/mim_cli.txt)
    _run([
        python, '-m', 'pip', 'install', '-q', '-r',
        osp.join(REPO, 'requirements', 'mim_cli.txt')
    ],
         cwd=str(root))
    _run([python, '-m', 'pip', 'install', '-q', '--no-deps', 'openmim==0.3.9'],
         cwd=str(root))

    listed = _run([python, '-m', 'pip', 'list', '--format=freeze'],
                  cwd=str(root)).stdout
    versions = dict(
        line.split('==') for line in listed.split() if '==' in line)
    for name, version in LOWEST.items():
        assert versions[name].split('+')[0] == version, (name, versions[name])
    assert versions['numpy'].startswith('1.'), versions['numpy']

    mim = str(root / 'venv' / 'bin' / 'mim')
    proc = _run(
        [
            mim, 'train', 'openmmda', 'dann_lenet_2k_digits_uci2mnist5k.py',
            '--gpus', '0', '--work-dir', 'wd', '--cfg-options'
        ] + TINY,
        cwd=str(root))
    assert 'Training finished successfully' in proc.stdout, proc.stdout[-3000:]
    # the config and the tool are the installed ones
    assert str(root / 'venv') in proc.stdout
    assert (root / 'wd' / 'iter_2.pth').is_file()
