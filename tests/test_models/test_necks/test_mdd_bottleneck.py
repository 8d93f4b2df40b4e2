# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch
from torch import nn

from mmda.models import MDDBottleneck


def test_layers_shapes_and_initial_draw():
    torch.manual_seed(0)
    neck = MDDBottleneck(500, 1024, dropout=0.5, std=0.005, bias=0.1)
    assert [type(m) for m in neck.layers
            ] == [nn.Linear, nn.BatchNorm1d, nn.ReLU, nn.Dropout]
    linear = neck.layers[0]
    assert linear.bias.eq(0.1).all()
    assert linear.weight.std().item() == pytest.approx(0.005, rel=0.02)
    before = linear.weight.clone()
    neck.init_weights()
    torch.testing.assert_close(linear.weight, before)
    (f, ) = neck((torch.randn(8, 500), ))
    assert f.shape == (8, 1024) and (f >= 0).all()
    # a (N, C, H, W) map is flattened; eval turns the dropout off
    small = MDDBottleneck(12, 3, dropout=0.0).eval()
    assert nn.Dropout not in [type(m) for m in small.layers]
    maps = torch.randn(2, 3, 2, 2)
    torch.testing.assert_close(
        small((maps, ))[0],
        small((maps.flatten(1), ))[0])
