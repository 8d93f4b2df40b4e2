# Copyright (c) mmda contributors. All rights reserved.
"""tools/train.py --resume in the work-dir states a kill leaves."""
import glob
import os.path as osp
import re

from tool_runs import DANN_CFG, checkpointed_options, train_py


def _truncate(path):
    with open(path, 'rb') as f:
        data = f.read()
    with open(path, 'wb') as f:
        f.write(data[:len(data) // 2])


def _last_log(work_dir):
    logs = sorted(glob.glob(osp.join(str(work_dir), '*', '*.log')))
    with open(logs[-1]) as f:
        return f.read()


def test_resume_without_last_checkpoint_takes_newest_complete(tmp_path):
    train_py(DANN_CFG, tmp_path, *checkpointed_options(4))
    # a kill left no last_checkpoint and a half-written iter_4.pth
    (tmp_path / 'last_checkpoint').unlink()
    _truncate(tmp_path / 'iter_4.pth')
    train_py(DANN_CFG, tmp_path, '--resume', *checkpointed_options(6))
    log = _last_log(tmp_path)
    assert re.search(
        r'WARNING - --resume: there is no .*last_checkpoint; resuming '
        r'from .*iter_2.pth, the newest complete checkpoint', log)
    first = re.search(r'Iter\(train\) \[\s*(\d+)/6\]', log).group(1)
    assert first == '3', 'the resumed run must continue at iteration 3'
    assert (tmp_path / 'iter_6.pth').is_file()


def test_resume_refuses_incomplete_checkpoints(tmp_path):
    bad = tmp_path / 'iter_2.pth'
    bad.write_bytes(b'PK\x03\x04 half a zip archive')
    # named explicitly
    proc = train_py(
        DANN_CFG,
        tmp_path / 'a',
        '--resume',
        str(bad),
        *checkpointed_options(4),
        check=False)
    assert proc.returncode != 0
    assert f"corrupt checkpoint file: '{bad}' is truncated or not a " \
        'checkpoint' in proc.stderr
    # found in the work dir: never a silent restart over it
    proc = train_py(
        DANN_CFG, tmp_path, '--resume', *checkpointed_options(4), check=False)
    assert proc.returncode != 0
    assert 'no checkpoint in' in proc.stderr and 'iter_2.pth' in proc.stderr
    assert not (tmp_path / 'last_checkpoint').exists()
