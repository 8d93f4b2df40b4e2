# Copyright (c) mmda contributors. All rights reserved.
"""tools/domainbed_sweep.py end to end, tiny: two draws of ERM with Rotated
MNIST's 75 degrees held out, trained through the Runner; the three tables;
a second call reuses the finished runs; the cluster mode writes configs
that tools/train.py runs; bad arguments name what is wrong."""
import os.path as osp
import sys

import pytest
from tool_runs import REPO, train_py

sys.path.insert(0, osp.join(REPO, 'tools'))
import domainbed_sweep  # noqa: E402

TINY = [
    '--cfg-options', 'train_cfg.max_iters=2', 'train_cfg.val_interval=1',
    'train_dataloader.sampler.per_domain=2', 'train_dataloader.batch_size=10',
    'default_hooks.logger.interval=1'
]
ARGS = [
    '--dataset', 'rotated_mnist', '--methods', 'erm', '--held-out', '75',
    '--hparams', '2', '--trials', '1'
]


def test_sweep_trains_and_prints_domainbeds_tables(tmp_path, capsys):
    out = tmp_path / 'tables.md'
    work = str(tmp_path / 'sweep')
    assert domainbed_sweep.main(
        [*ARGS, '--work-dir', work, '--out',
         str(out), *TINY]) == 0
    text = out.read_text()
    for title in ('training-domain validation', 'ORACLE', 'last checkpoint'):
        assert title in text
    assert '| Algorithm | 75 | Avg |' in text
    row = [line for line in text.splitlines() if line.startswith('| erm')]
    assert len(row) == 3 and all('+/-' in r for r in row)
    runs = domainbed_sweep.collect(
        domainbed_sweep._cells(
            domainbed_sweep.parse_args([*ARGS, '--work-dir', work])))
    assert [len(r.records) for r in runs] == [2, 2]
    assert [r.records[-1].step for r in runs] == [2, 2]
    # the draws differ: draw 1 is not the defaults
    logs = [
        open(
            osp.join(work, 'erm', '75', f'hparams{h}_trial0',
                     'sweep_run.json')).read() for h in (0, 1)
    ]
    assert '"lr": 0.001' in logs[0] and '"lr": 0.001' not in logs[1]
    capsys.readouterr()
    # finished runs are not trained again
    assert domainbed_sweep.main([*ARGS, '--work-dir', work, *TINY]) == 0
    assert '[1/2]' not in capsys.readouterr().out


def test_print_commands_then_collect(tmp_path, capsys):
    work = str(tmp_path / 'sweep')
    args = [*ARGS, '--hparams', '1', '--work-dir', work]
    assert domainbed_sweep.main([*args, '--print-commands', *TINY]) == 0
    (command, ) = capsys.readouterr().out.strip().splitlines()
    config = command.split()[2]
    assert config.endswith('sweep_config.py') and osp.isfile(config)
    assert domainbed_sweep.main([*args, '--collect-only']) == 1
    train_py(config, osp.join(work, 'erm', '75', 'hparams0_trial0'))
    assert domainbed_sweep.main([*args, '--collect-only']) == 0
    assert '| erm |' in capsys.readouterr().out


def test_bad_arguments_name_them(tmp_path):
    with pytest.raises(ValueError, match=r"--held-out \['90'\]"):
        domainbed_sweep.main(
            [*ARGS[:4], '--held-out', '90', '--work-dir',
             str(tmp_path)])
    with pytest.raises(FileNotFoundError, match='--methods dann'):
        domainbed_sweep.main([
            '--dataset', 'rotated_mnist', '--methods', 'dann', '--work-dir',
            str(tmp_path)
        ])
