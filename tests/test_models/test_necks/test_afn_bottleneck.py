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
