# Copyright (c) mmda contributors. All rights reserved.
import torch
from torch import nn

from mmda.models import LeNet


def test_conv_map_by_default():
    out = LeNet(in_channels=1)(torch.randn(2, 1, 28, 28))
    assert len(out) == 1 and out[0].shape == (2, 50, 4, 4)


def test_fc_layer_as_tllib_digits_lenet():
    net = LeNet(in_channels=1, fc_channels=500, fc_dropout=0.5)
    out = net(torch.randn(3, 1, 28, 28))[0]
    assert out.shape == (3, 500)
    assert (out >= 0).all()  # ReLU before the dropout
    linear = [m for m in net.modules() if isinstance(m, nn.Linear)]
    assert [(m.in_features, m.out_features) for m in linear] == [(800, 500)]
    net.eval()
    x = torch.randn(2, 1, 28, 28)
    assert torch.equal(net(x)[0], net(x)[0])  # no dropout at test time
