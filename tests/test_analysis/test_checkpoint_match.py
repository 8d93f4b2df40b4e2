# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch
from torch import nn

from mmda.analysis import (CheckpointMismatchError, describe_mismatch,
                           load_matching_checkpoint)


def _net(out=3):
    return nn.Sequential(nn.Linear(4, 5), nn.Linear(5, out))


def test_matching_checkpoint_loads_with_ddp_prefix(tmp_path):
    source = _net()
    path = str(tmp_path / 'ckpt.pth')
    torch.save(
        {
            'state_dict': {
                f'module.{k}': v
                for k, v in source.state_dict().items()
            }
        }, path)
    target = _net()
    load_matching_checkpoint(target, path)
    assert torch.equal(target[1].weight, source[1].weight)


def test_mismatch_names_missing_unexpected_and_shapes():
    state = _net(out=2).state_dict()
    state['extra.weight'] = torch.zeros(1)
    del state['0.bias']
    message = describe_mismatch(_net(), state)
    assert 'missing in checkpoint (1): 0.bias' in message
    assert 'unexpected in checkpoint (1): extra.weight' in message
    assert 'shape mismatch (2): 1.weight: checkpoint (2, 5) vs model ' \
        '(3, 5), 1.bias' in message
    assert describe_mismatch(_net(), _net().state_dict()) is None


def test_load_refuses_a_mismatch_and_names_the_files(tmp_path):
    path = str(tmp_path / 'other.pth')
    torch.save(_net(out=2).state_dict(), path)
    with pytest.raises(
            CheckpointMismatchError,
            match=r'other\.pth does not match the model of '
            r'my_cfg\.py: shape mismatch'):
        load_matching_checkpoint(_net(), path, config_name='my_cfg.py')
