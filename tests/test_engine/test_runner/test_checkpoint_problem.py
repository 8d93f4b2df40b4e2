# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch

from mmda.utils import (CorruptCheckpointError, check_checkpoint_file,
                        checkpoint_problem)


def _complete(path):
    torch.save({'state_dict': {'w': torch.arange(4000.)}}, path)
    return path


def test_complete_checkpoint_has_no_problem(tmp_path):
    path = _complete(str(tmp_path / 'a.pth'))
    assert checkpoint_problem(path) is None
    check_checkpoint_file(path)
    legacy = str(tmp_path / 'legacy.pth')
    torch.save({'w': torch.ones(2)},
               legacy,
               _use_new_zipfile_serialization=False)
    assert checkpoint_problem(legacy) is None


def test_truncated_empty_damaged_and_missing_files_are_named(tmp_path):
    data = open(_complete(str(tmp_path / 'a.pth')), 'rb').read()
    truncated = tmp_path / 'truncated.pth'
    truncated.write_bytes(data[:len(data) // 2])
    assert 'truncated.pth' in checkpoint_problem(str(truncated))
    with pytest.raises(
            CorruptCheckpointError,
            match=r"corrupt checkpoint file: '.*truncated.pth' is "
            'truncated'):
        check_checkpoint_file(str(truncated))

    empty = tmp_path / 'empty.pth'
    empty.write_bytes(b'')
    with pytest.raises(
            CorruptCheckpointError,
            match=r"'.*empty.pth' is empty \(0 bytes\)"):
        check_checkpoint_file(str(empty))

    # one flipped byte inside the tensor data: the archive's checksum
    damaged = bytearray(data)
    middle = data.index(b'\x00\x00\x80?')  # the float 1.0 of arange
    damaged[middle + 2] ^= 0xFF
    (tmp_path / 'damaged.pth').write_bytes(bytes(damaged))
    assert 'does not match' in checkpoint_problem(
        str(tmp_path / 'damaged.pth'))

    with pytest.raises(FileNotFoundError, match='nowhere.pth'):
        check_checkpoint_file(str(tmp_path / 'nowhere.pth'))
