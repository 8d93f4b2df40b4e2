# Copyright (c) mmda contributors. All rights reserved.
import torch

from mmda.models import AFNBottleneck, L2PreservedDropout


def test_afn_bottleneck_layers_and_shapes():
    neck = AFNBottleneck(in_channels=8, out_channels=5, dropout=0.5)
    neck.init_weights()
    kinds = [type(m) for m in neck.layers]
    assert kinds == [
        torch.nn.Linear, torch.nn.BatchNorm1d, torch.nn.ReLU,
        L2PreservedDropout
    ]
    maps = torch.randn(4, 8, 3, 3)
    (f, ) = neck((maps, ))
    assert f.shape == (4, 5) and (f >= 0).all()
    neck.eval()
    pooled = neck((maps, ))[0]
    flat = AFNBottleneck(in_channels=72, out_channels=5, gap=False).eval()
    assert flat((maps, ))[0].shape == pooled.shape


def test_default_init_is_afns_weights_init():
    """AFN's released ``weights_init``: Linear weight and bias ~ N(0, 0.01),
    BN weight ~ N(1, 0.01), BN bias 0."""
    torch.manual_seed(0)
    neck = AFNBottleneck(in_channels=800, out_channels=500)
    neck.init_weights()
    linear, norm = neck.layers[0], neck.layers[1]
    assert abs(linear.weight.std().item() - 0.01) < 1e-3
    assert abs(linear.bias.std().item() - 0.01) < 2e-3
    assert abs(norm.weight.mean().item() - 1.0) < 3e-3
    assert abs(norm.weight.std().item() - 0.01) < 2e-3
    assert norm.bias.abs().sum() == 0


def test_an_explicit_init_cfg_replaces_the_default():
    neck = AFNBottleneck(
        in_channels=8,
        out_channels=5,
        init_cfg=dict(type='Constant', layer='Linear', val=0.5, bias=0.0))
    neck.init_weights()
    assert (neck.layers[0].weight == 0.5).all()
    assert (neck.layers[0].bias == 0).all()
