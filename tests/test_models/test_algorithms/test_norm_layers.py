# Copyright (c) mmda contributors. All rights reserved.
import torch
from torch import nn

from mmda.models.algorithms.norm_layers import (BATCH_NORM_TYPES,
                                                affine_parameters,
                                                find_norm_layers,
                                                use_batch_statistics)


class _SyncLike(nn.BatchNorm2d):
    pass


def _net():
    return nn.Sequential(
        nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), _SyncLike(4),
        nn.Flatten(), nn.LazyLinear(5), nn.BatchNorm1d(5, affine=False),
        nn.LayerNorm(5))


def test_find_norm_layers_matches_class_names_along_the_mro():
    names = [n for n, _ in find_norm_layers(_net(), BATCH_NORM_TYPES)]
    assert names == ['1', '3', '6']
    assert [n for n, _ in find_norm_layers(_net(), ['LayerNorm'])] == ['7']
    assert find_norm_layers(_net(), ['GroupNorm']) == []


def test_affine_parameters_skip_layers_without_affine():
    layers = find_norm_layers(_net(), BATCH_NORM_TYPES)
    assert [n for n, _ in affine_parameters(layers)
            ] == ['1.weight', '1.bias', '3.weight', '3.bias']


def test_batch_statistics_in_eval_mode_and_running_stats_untouched():
    torch.manual_seed(0)
    bn = nn.BatchNorm2d(3)
    bn.running_mean.fill_(5.)
    bn.running_var.fill_(9.)
    x = torch.randn(8, 3, 4, 4) * 2 + 1
    use_batch_statistics([bn])
    out = bn(x)
    mean = x.mean((0, 2, 3), keepdim=True)
    var = x.var((0, 2, 3), unbiased=False, keepdim=True)
    assert torch.allclose(out, (x - mean) / (var + bn.eps).sqrt(), atol=1e-5)
    assert (bn.running_mean == 5.).all() and (bn.running_var == 9.).all()
