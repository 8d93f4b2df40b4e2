# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch

from mmda.models.layers import CNSN


def test_crossnorm_then_selfnorm():
    layer = CNSN(3, crossnorm=dict(crop='neither'), selfnorm=dict(use_f=True))
    x = torch.randn(4, 3, 5, 5)
    torch.manual_seed(0)
    out = layer(x)
    torch.manual_seed(0)
    torch.testing.assert_close(out, layer.sn(layer.cn(x)))
    assert not torch.allclose(out, layer.sn(x))


def test_eval_applies_selfnorm_only():
    layer = CNSN(3).eval()
    x = torch.randn(2, 3, 4, 4)
    torch.testing.assert_close(layer(x), layer.sn(x))


def test_parts_can_be_left_out():
    assert CNSN(2, selfnorm=None).sn is None
    assert CNSN(2, crossnorm=None).cn is None
    with pytest.raises(ValueError, match='both are None'):
        CNSN(2, crossnorm=None, selfnorm=None)
