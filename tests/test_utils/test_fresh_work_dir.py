# Copyright (c) mmda contributors. All rights reserved.
"""A fresh run refuses, or with --overwrite empties, a work dir holding
checkpoints (mmda/utils/fresh_work_dir.py, tools/train.py)."""
import glob
import os.path as osp

import pytest
from tool_runs import DANN_CFG, checkpointed_options, train_py

from mmda.utils.fresh_work_dir import (WorkDirNotEmptyError,
                                       prepare_fresh_work_dir,
                                       work_dir_checkpoints)


def _fill(work_dir, *names):
    for name in names:
        (work_dir / name).write_bytes(b'x')


def test_empty_or_missing_work_dir_is_fresh(tmp_path):
    assert prepare_fresh_work_dir(str(tmp_path / 'missing')) == []
    _fill(tmp_path, 'run.log', 'config.py')
    assert prepare_fresh_work_dir(str(tmp_path)) == []


def test_checkpoints_are_named_and_refused(tmp_path):
    _fill(tmp_path, 'iter_6.pth', 'iter_8.pth', 'last_checkpoint', 'a.log')
    with pytest.raises(WorkDirNotEmptyError) as info:
        prepare_fresh_work_dir(str(tmp_path))
    assert str(info.value).startswith(
        f'work dir {str(tmp_path)!r} already holds checkpoints (iter_6.pth, '
        'iter_8.pth, last_checkpoint)')
    assert '--resume' in str(info.value) and '--overwrite' in str(info.value)
    assert len(work_dir_checkpoints(str(tmp_path))) == 3, 'nothing deleted'


def test_overwrite_deletes_checkpoints_only(tmp_path):
    _fill(tmp_path, 'iter_6.pth', 'best_source.pth', 'last_checkpoint',
          'a.log')
    deleted = prepare_fresh_work_dir(str(tmp_path), overwrite=True)
    assert sorted(osp.basename(p) for p in deleted) == [
        'best_source.pth', 'iter_6.pth', 'last_checkpoint'
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ['a.log']


def test_overwrite_keeps_the_load_from_checkpoint(tmp_path):
    _fill(tmp_path, 'iter_6.pth')
    with pytest.raises(WorkDirNotEmptyError, match='load_from names'):
        prepare_fresh_work_dir(
            str(tmp_path),
            overwrite=True,
            load_from=str(tmp_path / 'iter_6.pth'))
    assert (tmp_path / 'iter_6.pth').is_file()


def test_train_refuses_then_overwrites(tmp_path):
    _fill(tmp_path, 'iter_6.pth', 'iter_8.pth', 'last_checkpoint')
    proc = train_py(DANN_CFG, tmp_path, *checkpointed_options(2), check=False)
    assert proc.returncode != 0
    assert 'WorkDirNotEmptyError' in proc.stderr
    assert '(iter_6.pth, iter_8.pth, last_checkpoint)' in proc.stderr
    assert not glob.glob(str(tmp_path / '2*')), 'no run started'

    train_py(DANN_CFG, tmp_path, '--overwrite', *checkpointed_options(2))
    assert sorted(
        osp.basename(p) for p in work_dir_checkpoints(str(tmp_path))) == [
            'iter_2.pth', 'last_checkpoint'
        ]
    logs = glob.glob(str(tmp_path / '*' / '*.log'))
    with open(logs[0]) as f:
        assert '--overwrite: deleted the checkpoints of an earlier run: ' \
            in f.read()


def test_overwrite_with_resume_is_refused(tmp_path):
    proc = train_py(DANN_CFG, tmp_path, '--overwrite', '--resume', check=False)
    assert proc.returncode == 2
    assert '--overwrite deletes the checkpoints --resume' in proc.stderr
