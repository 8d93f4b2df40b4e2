# Copyright (c) mmda contributors. All rights reserved.
"""``--resume`` without a path, in the work-dir states kills leave."""
import pytest
import torch

from mmda.utils import NoResumableCheckpointError, find_resume_checkpoint


def _save(work, name, complete=True):
    path = work / name
    torch.save({'meta': {'iter': 1}, 'w': torch.zeros(1000)}, path)
    if not complete:
        data = path.read_bytes()
        path.write_bytes(data[:len(data) // 3])
    return str(path)


def test_last_checkpoint_naming_a_complete_file_is_used(tmp_path):
    _save(tmp_path, 'iter_2.pth')
    four = _save(tmp_path, 'iter_4.pth')
    (tmp_path / 'last_checkpoint').write_text(four + '\n')
    choice = find_resume_checkpoint(str(tmp_path))
    assert choice.path == four and not choice.fallback


@pytest.mark.parametrize('pointer', [None, '', 'iter_6.pth', 'iter_8.pth'])
def test_unusable_last_checkpoint_falls_back_to_newest_complete(
        tmp_path, pointer):
    _save(tmp_path, 'iter_2.pth')
    four = _save(tmp_path, 'iter_4.pth')
    _save(tmp_path, 'iter_6.pth', complete=False)  # a kill in mid-write
    if pointer is not None:
        named = str(tmp_path / pointer) if pointer else ''
        (tmp_path / 'last_checkpoint').write_text(named)
    choice = find_resume_checkpoint(str(tmp_path))
    assert choice.path == four and choice.fallback
    why = {
        None: 'there is no',
        '': 'is empty',
        'iter_6.pth': 'truncated',
        'iter_8.pth': 'does not exist'
    }[pointer]
    assert why in choice.note
    assert 'iter_4.pth, the newest complete checkpoint' in choice.note


def test_no_complete_checkpoint_stops(tmp_path):
    _save(tmp_path, 'iter_2.pth', complete=False)
    (tmp_path / 'iter_4.pth').write_bytes(b'')
    with pytest.raises(
            NoResumableCheckpointError,
            match=r'no checkpoint in .* is complete: .*'
            r"iter_4.pth' is empty.*iter_2.pth' is truncated"):
        find_resume_checkpoint(str(tmp_path))
    (tmp_path / 'iter_2.pth').unlink()
    (tmp_path / 'iter_4.pth').unlink()
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'iter_4.pth'))
    with pytest.raises(
            NoResumableCheckpointError, match='holds no other checkpoint'):
        find_resume_checkpoint(str(tmp_path))


def test_fresh_work_dir_starts_at_zero(tmp_path):
    choice = find_resume_checkpoint(str(tmp_path))
    assert choice.path is None
    assert 'starting at iteration 0' in choice.note
