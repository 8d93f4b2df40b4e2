# Copyright (c) mmda contributors. All rights reserved.
import torch

from mmda.models import WeightNormClsHead


def test_weight_is_g_times_unit_direction():
    head = WeightNormClsHead(num_classes=3, in_channels=4)
    head.init_weights()
    weight_norm = head.fc.parametrizations.weight
    g, v = weight_norm.original0, weight_norm.original1
    with torch.no_grad():
        g.mul_(2.0)
    expected = g * v / v.norm(dim=1, keepdim=True)
    assert torch.allclose(head.fc.weight, expected)
    assert torch.allclose(head.fc.weight.norm(dim=1), g.flatten())
    assert head.fc.bias.abs().sum() == 0
    feats = (torch.randn(2, 4), )
    assert head(feats).shape == (2, 3)
