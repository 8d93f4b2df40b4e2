# Copyright (c) mmda contributors. All rights reserved.
"""What end-to-end tests share: the repository's paths, tiny run options,
and running mmda's tools in a subprocess. Tests import these from here;
``conftest.py`` holds fixtures only."""
import os
import os.path as osp
import subprocess
import sys

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
DANN_CFG = osp.join(REPO, 'configs/dann/dann_lenet_2k_digits_uci2mnist5k.py')
SOURCE_ONLY_CFG = osp.join(
    REPO, 'configs/source_only/source_only_lenet_2k_digits_uci2mnist5k.py')

# Small and quick, for end-to-end runs of the real configs.
TINY_OPTIONS = [
    'train_dataloader.batch_size=8', 'target_dataloader.batch_size=8',
    'val_dataloader.batch_size=64', 'test_dataloader.batch_size=64',
    'default_hooks.logger.interval=1'
]


def checkpointed_options(max_iters):
    """tools/train.py options for a tiny run of ``max_iters`` iterations
    without validation that keeps a checkpoint every 2 iterations."""
    return [
        '--no-validate', '--cfg-options', *TINY_OPTIONS,
        f'train_cfg.max_iters={max_iters}',
        f'param_scheduler.0.end={max_iters}',
        'default_hooks.checkpoint.interval=2',
        'default_hooks.checkpoint.max_keep_ckpts=-1'
    ]


def run_tool(args, env=None, timeout=600, check=True):
    """Run a command from the repository root; return the finished
    process."""
    full_env = dict(os.environ)
    full_env['PYTHONPATH'] = REPO + os.pathsep + full_env.get('PYTHONPATH', '')
    full_env.setdefault('OMP_NUM_THREADS', '1')
    full_env.update(env or {})
    proc = subprocess.run(
        args,
        cwd=REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f'{args} failed ({proc.returncode}):\n'
                             f'{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}')
    return proc


def train_py(config, work_dir, *extra, check=True):
    return run_tool([
        sys.executable, 'tools/train.py', config, '--work-dir',
        str(work_dir), *extra
    ],
                    check=check)
