# Copyright (c) mmda contributors. All rights reserved.
"""mmda's tools load full checkpoints inside
:func:`trusted_local_checkpoints`, which restores mmengine's loader on exit.
(That importing mmda changes no loader: tests/test_import_side_effects.py.)"""
import pytest
import torch
from mmengine.logging import HistoryBuffer
from mmengine.runner.checkpoint import CheckpointLoader, _load_checkpoint

from mmda.utils import (load_trusted_local_checkpoint, local_loader_needs_fix,
                        trusted_local_checkpoints)


def _full_checkpoint(path):
    """A checkpoint like mmengine's: weights plus non-tensor objects."""
    torch.save(
        dict(
            state_dict={'w': torch.ones(2)},
            message_hub=dict(log_scalars={'loss': HistoryBuffer()})), path)
    return str(path)


def test_context_swaps_the_local_loader_and_restores_it(tmp_path):
    checkpoint = _full_checkpoint(tmp_path / 'full.pth')
    before = list(CheckpointLoader._schemes.items())
    with trusted_local_checkpoints(enable=True):
        assert CheckpointLoader._schemes[''] is load_trusted_local_checkpoint
        loaded = _load_checkpoint(checkpoint)
        assert isinstance(loaded['message_hub']['log_scalars']['loss'],
                          HistoryBuffer)
    assert list(CheckpointLoader._schemes.items()) == before
    # restored after an error inside the block as well
    with pytest.raises(FileNotFoundError, match='nope.pth'):
        with trusted_local_checkpoints(enable=True):
            _load_checkpoint(str(tmp_path / 'nope.pth'))
    assert list(CheckpointLoader._schemes.items()) == before


def test_context_disabled_changes_nothing():
    before = list(CheckpointLoader._schemes.items())
    with trusted_local_checkpoints(enable=False):
        assert list(CheckpointLoader._schemes.items()) == before


def _passes_weights_only(filename, map_location=None):
    return torch.load(filename, map_location=map_location, weights_only=False)


def _torch_default(filename, map_location=None):
    return torch.load(filename, map_location=map_location)


def test_fix_applies_only_where_needed():
    # torch < 2.6 unpickles everything by default
    assert not local_loader_needs_fix('2.5.1', _torch_default)
    # an mmengine whose local loader passes weights_only needs nothing
    assert not local_loader_needs_fix('2.6.0', _passes_weights_only)
    assert local_loader_needs_fix('2.6.0', _torch_default)
    assert local_loader_needs_fix('2.14.1+cu130', _torch_default)
