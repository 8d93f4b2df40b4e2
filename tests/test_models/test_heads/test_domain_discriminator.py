# Copyright (c) mmda contributors. All rights reserved.
import torch
from torch import nn

from mmda.models import DomainDiscriminator


def test_batch_norm_variant_is_tllib_layout():
    # tllib's DomainDiscriminator(batch_norm=True): Linear, BN, ReLU twice,
    # then one output unit; no dropout.
    disc = DomainDiscriminator(
        256, hidden_channels=(1024, 1024), norm=True, dropout=0.0)
    kinds = [type(m) for m in disc.layers]
    assert kinds == [nn.Linear, nn.BatchNorm1d, nn.ReLU] * 2 + [nn.Linear]
    assert disc(torch.randn(8, 256)).shape == (8, )


def test_default_keeps_relu_dropout_layout():
    disc = DomainDiscriminator(16, hidden_channels=(32, ), dropout=0.5)
    kinds = [type(m) for m in disc.layers]
    assert kinds == [nn.Linear, nn.ReLU, nn.Dropout, nn.Linear]
