# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch
from mmengine.logging import HistoryBuffer
from torch import nn

from mmda.utils import (StateDictMismatch, checkpoint_mismatch,
                        checkpoint_state_dict, compare_state_dicts,
                        read_checkpoint, state_dict_mismatch)


def _net(out=3):
    return nn.Sequential(nn.Linear(4, 5), nn.Linear(5, out))


def test_compare_lists_each_kind_of_difference_in_model_order():
    state = _net(out=2).state_dict()
    state['extra.weight'] = torch.zeros(1)
    del state['0.bias']
    assert compare_state_dicts(_net().state_dict(), state) == \
        StateDictMismatch(
            missing=['0.bias'],
            unexpected=['extra.weight'],
            shapes=[('1.weight', (2, 5), (3, 5)), ('1.bias', (2, ), (3, ))])
    assert compare_state_dicts(_net().state_dict(),
                               _net().state_dict()) is None


def test_state_dict_mismatch_sorts_and_shortens_the_lists():
    expected = {f'k{i}': torch.zeros(2) for i in range(7)}
    found = {'k0': torch.zeros(3), 'z': torch.zeros(1)}
    assert state_dict_mismatch(
        expected, found, shown=2) == (
            '6 missing keys (k1, k2, ...); 1 unexpected keys (z); '
            '1 shape-mismatched keys (k0: checkpoint (3,), model (2,))')
    assert state_dict_mismatch(expected, dict(expected)) is None


@pytest.mark.parametrize('wrap', [False, True])
def test_checkpoint_mismatch_ignores_the_wrapper_prefix(wrap):
    state = _net().state_dict()
    if wrap:
        state = {f'module.{k}': v for k, v in state.items()}
    assert checkpoint_mismatch(_net(), dict(meta={}, state_dict=state)) is None
    # a plain state dict is a checkpoint too
    assert checkpoint_mismatch(_net(), state) is None
    assert list(checkpoint_state_dict(state)) == list(_net().state_dict())
    assert checkpoint_mismatch(_net(out=2), state).startswith(
        '2 shape-mismatched keys (1.bias: checkpoint (3,), model (2,)')


def test_read_checkpoint_loads_mmengine_checkpoints(tmp_path):
    path = str(tmp_path / 'iter_1.pth')
    # objects that torch>=2.6's weights_only loading refuses, as mmengine's
    # message hub saves
    torch.save(
        dict(
            message_hub=HistoryBuffer([1.0], [1]),
            state_dict=_net().state_dict()), path)
    checkpoint = read_checkpoint(path)
    assert isinstance(checkpoint['message_hub'], HistoryBuffer)
    assert checkpoint_mismatch(_net(), checkpoint) is None


def test_missing_num_batches_tracked_is_not_a_difference():
    """As mmengine's load_state_dict, a checkpoint without BatchNorm's
    ``num_batches_tracked`` still fits."""
    model = torch.nn.BatchNorm1d(3)
    state = {
        k: v
        for k, v in model.state_dict().items()
        if not k.endswith('num_batches_tracked')
    }
    assert compare_state_dicts(model.state_dict(), state) is None
    del state['running_mean']
    assert compare_state_dicts(model.state_dict(),
                               state).missing == ['running_mean']
