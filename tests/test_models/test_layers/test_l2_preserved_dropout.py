# Copyright (c) mmda contributors. All rights reserved.
import math

import pytest
import torch

from mmda.models import L2PreservedDropout, l2_preserved_dropout


def test_kept_units_scaled_by_inverse_sqrt():
    torch.manual_seed(0)
    x = torch.ones(20000)
    y = l2_preserved_dropout(x, p=0.75)
    values = set(torch.unique(y).tolist())
    assert values == {0.0, 2.0}  # 1 / sqrt(1 - 0.75) = 2
    # E[|y|^2] = |x|^2, whereas inverted dropout would give 4x
    assert (y**2).mean().item() == pytest.approx(1.0, rel=0.05)
    assert not math.isclose((y**2).mean().item(), 4.0, rel_tol=0.5)


def test_module_identity_in_eval_and_repr():
    layer = L2PreservedDropout(0.5)
    x = torch.randn(4, 3)
    layer.eval()
    assert torch.equal(layer(x), x)
    assert 'p=0.5' in repr(layer)
    with pytest.raises(ValueError, match='L2PreservedDropout'):
        L2PreservedDropout(1.0)
