# Copyright (c) mmda contributors. All rights reserved.
import pytest
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


def test_direction_init_pytorch_is_what_shots_code_ends_up_with():
    """SHOT's ``feat_classifier`` applies ``xavier_normal_`` after
    ``weight_norm``; the draw is lost, so ``v`` keeps ``nn.Linear``'s
    uniform(-1/sqrt(in), 1/sqrt(in)) init. The Xavier option is ~2.4x
    larger per row for 256 inputs."""
    torch.manual_seed(0)
    default = WeightNormClsHead(num_classes=10, in_channels=256)
    default.init_weights()
    v = default.fc.parametrizations.weight.original1
    assert v.abs().max() <= 1 / 16
    g_default = default.fc.parametrizations.weight.original0.flatten()
    assert torch.allclose(g_default, v.norm(dim=1))
    xavier = WeightNormClsHead(
        num_classes=10, in_channels=256, direction_init='xavier_normal')
    xavier.init_weights()
    g_xavier = xavier.fc.parametrizations.weight.original0.flatten()
    ratio = (g_xavier.mean() / g_default.mean()).item()
    assert 2.0 < ratio < 2.8
    assert xavier.fc.bias.abs().sum() == 0


def test_unknown_direction_init_is_refused():
    with pytest.raises(ValueError, match="direction_init='kaiming'"):
        WeightNormClsHead(
            num_classes=3, in_channels=4, direction_init='kaiming')
