# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch
from mmpretrain.structures import DataSample
from torch import nn

from mmda.models import MLPClsHead
from mmda.registry import MODELS


def test_layers_pre_logits_and_logits():
    head = MLPClsHead(
        num_classes=3, in_channels=6, hidden_channels=(5, 4), dropout=0.5)
    assert [type(m) for m in head.layers] == [
        nn.Linear, nn.ReLU, nn.Dropout, nn.Linear, nn.ReLU, nn.Dropout,
        nn.Linear
    ]
    x = torch.randn(7, 6)
    # pre_logits is the head's input (the features the losses see)
    assert head.pre_logits((torch.randn(7, 2), x)) is x
    head.eval()
    expected = head.layers(x)
    torch.testing.assert_close(head((x, )), expected)
    assert expected.shape == (7, 3)
    no_dropout = MLPClsHead(3, 6, hidden_channels=(5, ), dropout=0.0)
    assert nn.Dropout not in [type(m) for m in no_dropout.layers]


def test_initial_draw_and_loss():
    torch.manual_seed(0)
    head = MLPClsHead(num_classes=10, in_channels=1024, std=0.01)
    first, last = head.layers[0], head.layers[-1]
    assert first.weight.std().item() == pytest.approx(0.01, rel=0.02)
    assert first.bias.eq(0).all() and last.bias.eq(0).all()
    # the draw survives mmengine's init_weights (no init_cfg)
    before = first.weight.clone()
    head.init_weights()
    torch.testing.assert_close(first.weight, before)
    samples = [DataSample().set_gt_label(i % 10) for i in range(4)]
    losses = head.loss((torch.randn(4, 1024), ), samples)
    assert losses['loss'].item() == pytest.approx(2.3026, abs=0.05)


def test_builds_from_its_config_and_refuses_no_classes():
    head = MODELS.build(
        dict(type='mmda.MLPClsHead', num_classes=4, in_channels=8))
    assert head.layers[0].out_features == 1024
    with pytest.raises(ValueError, match='num_classes must be > 0'):
        MLPClsHead(num_classes=0, in_channels=8)
