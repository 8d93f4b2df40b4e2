# Copyright (c) mmda contributors. All rights reserved.
"""The README's editable install, with the newest pip (which has no legacy
``setup.py develop``): configs inherit mmda's configs from any folder, and
the checkout's tools/train.py finds a config by name.

Slow (it fetches the newest pip), so deselected by default: run it with
``pytest -m slow tests/test_packaging``.
"""
import os
import subprocess
import sys
import sysconfig

import pytest
from checkout_copy import copy_of_checkout

pytestmark = pytest.mark.slow

USER_CONFIG = '''from mmengine.config import read_base

with read_base():
    from mmda.configs.dann.dann_lenet_2k_digits_uci2mnist5k import *  # noqa

target_dataloader.dataset.split = 'test'
'''


def _run(args, cwd):
    env = {k: v for k, v in os.environ.items() if k != 'PYTHONPATH'}
    env.update(
        OMP_NUM_THREADS='1',
        PYTHONWARNINGS='ignore',
        PIP_DISABLE_PIP_VERSION_CHECK='1')
    proc = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, (f'{args} failed:\n{proc.stdout[-3000:]}\n'
                                  f'{proc.stderr[-3000:]}')
    return proc


@pytest.mark.parametrize('mode', ['compat', 'strict'])
def test_editable_install_with_current_pip(tmp_path, mode):
    src = copy_of_checkout(str(tmp_path))
    venv = tmp_path / 'venv'
    _run([sys.executable, '-m', 'venv', str(venv)], cwd=str(tmp_path))
    python = str(venv / 'bin' / 'python')
    # the stack comes from the test environment (an existing OpenMMLab
    # environment); only pip is new
    site = _run([
        python, '-c',
        'import sysconfig; print(sysconfig.get_paths()["purelib"])'
    ],
                cwd=str(tmp_path)).stdout.strip()
    with open(os.path.join(site, 'stack.pth'), 'w') as f:
        f.write(sysconfig.get_paths()['purelib'] + '\n')
    _run([python, '-m', 'pip', 'install', '-q', '--upgrade', 'pip'],
         cwd=str(tmp_path))
    # the venv's own setuptools would shadow the stack's
    _run([python, '-m', 'pip', 'uninstall', '-q', '-y', 'setuptools'],
         cwd=str(tmp_path))
    # the README's command (its build requirements come from the index)
    _run([
        python, '-m', 'pip', 'install', '-q', '--no-deps', '-e', src,
        '--config-settings', f'editable_mode={mode}'
    ],
         cwd=str(tmp_path))

    elsewhere = tmp_path / 'elsewhere'
    elsewhere.mkdir()
    (elsewhere / 'my_dann.py').write_text(USER_CONFIG)
    proc = _run([
        python, '-c', 'import mmda; from mmengine.config import Config; '
        'from mmengine.utils import get_installed_path; '
        'c = Config.fromfile("my_dann.py"); '
        'print(mmda.__file__, get_installed_path("mmda"), '
        'c.target_dataloader.dataset.split)'
    ],
                cwd=str(elsewhere))
    module, found, split = proc.stdout.split()
    # strict mode may import from a tree of links to the checkout's files
    assert os.path.samefile(module, os.path.join(src, 'mmda', '__init__.py'))
    # where read_base looks for mmda.configs (a stale distribution named
    # mmda, e.g. a former `setup.py develop` of another checkout, would
    # send it there)
    config = os.path.join('configs', 'dann',
                          'dann_lenet_2k_digits_uci2mnist5k.py')
    assert os.path.samefile(
        os.path.join(found, config), os.path.join(src, 'mmda', config)), found
    assert split == 'test'

    proc = _run([
        python,
        os.path.join(src, 'tools',
                     'train.py'), 'dann_lenet_2k_digits_uci2mnist5k.py',
        '--work-dir', 'wd', '--cfg-options', 'train_cfg.max_iters=2',
        'train_cfg.val_interval=2', 'default_hooks.checkpoint.interval=2'
    ],
                cwd=str(elsewhere))
    assert (elsewhere / 'wd' / 'iter_2.pth').is_file(), proc.stdout[-3000:]
