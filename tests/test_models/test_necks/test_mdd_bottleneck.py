# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch
from torch import nn

from mmda.models import MDDBottleneck


def _draws_as_mdds_code(seed, c_in, c_out, std, bias):
    """MDD's bottleneck drawn as its code draws it: the linear layer, then
    its normal weights and constant bias."""
    torch.manual_seed(seed)
    linear = nn.Linear(c_in, c_out)
    nn.init.normal_(linear.weight, 0.0, std)
    nn.init.constant_(linear.bias, bias)
    return linear


def test_layers_shapes_and_initial_draw():
    torch.manual_seed(0)
    neck = MDDBottleneck(500, 1024, dropout=0.5, std=0.005, bias=0.1)
    assert [type(m) for m in (neck.fc, neck.norm, neck.act, neck.dropout)
            ] == [nn.Linear, nn.BatchNorm1d, nn.ReLU, nn.Dropout]
    assert neck.dropout.p == 0.5
    expected = _draws_as_mdds_code(0, 500, 1024, 0.005, 0.1)
    torch.testing.assert_close(neck.fc.weight, expected.weight)
    assert neck.fc.bias.eq(0.1).all()
    before = neck.fc.weight.clone()
    neck.init_weights()
    torch.testing.assert_close(neck.fc.weight, before)
    (f, ) = neck((torch.randn(8, 500), ))
    assert f.shape == (8, 1024) and (f >= 0).all()
    # a (N, C, H, W) map is flattened; eval turns the dropout off
    small = MDDBottleneck(12, 3, dropout=0.0).eval()
    maps = torch.randn(2, 3, 2, 2)
    torch.testing.assert_close(
        small((maps, ))[0],
        small((maps.flatten(1), ))[0])
    with pytest.raises(ValueError, match='dropout must be in'):
        MDDBottleneck(4, 2, dropout=1.0)
