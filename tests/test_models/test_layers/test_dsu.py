# Copyright (c) mmda contributors. All rights reserved.
"""DSU: Eq. (5)-(9) by hand, the official module's maps for the same seeds,
and bad input."""
import numpy as np
import pytest
import torch
from feature_style_peers import DSU as DSU_FILE
from feature_style_peers import load, needs_dsu

from mmda.models import DSU, dsu_perturb
from mmda.registry import MODELS


def test_dsu_perturb_by_hand():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(3, 2, 4, 4, generator=g, dtype=torch.double)
    e_mu = torch.randn(3, 2, generator=g, dtype=torch.double)
    e_sd = torch.randn(3, 2, generator=g, dtype=torch.double)
    out = dsu_perturb(x, e_mu, e_sd, eps=1e-6)
    mu = x.mean((2, 3))
    sd = (x.var((2, 3)) + 1e-6).sqrt()
    spread_mu = (mu.var(0) + 1e-6).sqrt()
    spread_sd = (sd.var(0) + 1e-6).sqrt()
    for i in range(3):
        for c in range(2):
            beta = mu[i, c] + e_mu[i, c] * spread_mu[c]
            gamma = sd[i, c] + e_sd[i, c] * spread_sd[c]
            expected = (x[i, c] - mu[i, c]) / sd[i, c] * gamma + beta
            torch.testing.assert_close(out[i, c], expected)
    # no noise: the identity up to eps
    torch.testing.assert_close(
        dsu_perturb(x, torch.zeros(3, 2), torch.zeros(3, 2), eps=0.), x)
    x.requires_grad_(True)
    assert torch.autograd.gradcheck(lambda t: dsu_perturb(t, e_mu, e_sd),
                                    (x, ))


@needs_dsu
def test_same_maps_as_the_official_module():
    official = load(DSU_FILE, 'official_dsu').DistributionUncertainty(p=0.5)
    ours = MODELS.build(dict(type='mmda.DSU', p=0.5))
    x = torch.randn(6, 3, 4, 4)
    acted = 0
    for seed in range(8):
        outs = []
        for layer in (official, ours):
            np.random.seed(seed)
            torch.manual_seed(seed)
            outs.append(layer.train()(x))
        torch.testing.assert_close(outs[1], outs[0])
        acted += not torch.equal(outs[1], x)
    assert 0 < acted < 8


def test_identity_in_eval_and_when_not_drawn():
    x = torch.randn(4, 2, 3, 3)
    assert DSU(p=0.0).train()(x) is x
    assert DSU(p=1.0).eval()(x) is x
    assert not torch.equal(DSU(p=1.0).train()(x), x)


def test_bad_input_names_it():
    with pytest.raises(ValueError, match='p must be in'):
        DSU(p=-0.1)
    with pytest.raises(ValueError, match='at least 2 samples; got a batch'):
        DSU(p=1.0).train()(torch.randn(1, 3, 4, 4))
    with pytest.raises(ValueError, match='DSU expects feature maps'):
        DSU()(torch.randn(4, 3))
