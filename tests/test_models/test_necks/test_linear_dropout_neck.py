# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch

from mmda.models import LinearDropoutNeck


def test_linear_dropout_neck_drops_after_the_activation():
    torch.manual_seed(0)
    neck = LinearDropoutNeck(
        in_channels=8,
        out_channels=64,
        norm_cfg=None,
        act_cfg=dict(type='ReLU'),
        dropout=0.5)
    x = torch.randn(16, 8)
    full = neck.act(neck.fc(x))
    neck.train()
    out, = neck((x, ))
    # each unit is either dropped or kept and scaled by 1 / (1 - p)
    kept = out != 0
    assert torch.allclose(out[kept], 2 * full[kept])
    assert 0.3 < (~kept & (full > 0)).sum() / (full > 0).sum() < 0.7
    neck.eval()
    assert torch.equal(neck(x)[0], full)


def test_linear_dropout_neck_rejects_a_bad_probability():
    with pytest.raises(ValueError, match='dropout must be in'):
        LinearDropoutNeck(in_channels=2, out_channels=2, dropout=1.0)
