# Copyright (c) mmda contributors. All rights reserved.
"""MixStyle: Eq. (4)-(6) by hand, the official module's maps for the same
seeds, the modes, and bad input."""
import random

import pytest
import torch
from feature_style_peers import MIXSTYLE, load, needs_mixstyle

from mmda.models import MixStyle, crossdomain_permutation, mix_style
from mmda.registry import MODELS


def test_mix_style_by_hand():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(3, 2, 4, 5, generator=g)
    lam = torch.tensor([0.2, 1.0, 0.5]).view(3, 1, 1, 1)
    perm = torch.tensor([2, 0, 1])
    out = mix_style(x, lam, perm, eps=1e-6)
    for i in range(3):
        for c in range(2):
            a, b = x[i, c], x[perm[i], c]
            mu_a, mu_b = a.mean(), b.mean()
            sd_a = (a.var() + 1e-6).sqrt()  # unbiased, as the official
            sd_b = (b.var() + 1e-6).sqrt()
            w = lam[i].item()
            expected = ((a - mu_a) / sd_a * (w * sd_a + (1 - w) * sd_b) +
                        w * mu_a + (1 - w) * mu_b)
            torch.testing.assert_close(out[i, c], expected)
    # lam = 1 keeps the sample; its own statistics are not differentiated
    torch.testing.assert_close(out[1], x[1])
    x.requires_grad_(True)
    mix_style(x, torch.ones(3, 1, 1, 1), perm).sum().backward()
    # (x - mu) / sigma * sigma + mu with sigma, mu constants: gradient 1
    torch.testing.assert_close(x.grad, torch.ones_like(x))


def test_crossdomain_pairs_the_halves():
    torch.manual_seed(0)
    perm = crossdomain_permutation(8)
    assert sorted(perm[:4].tolist()) == [4, 5, 6, 7]
    assert sorted(perm[4:].tolist()) == [0, 1, 2, 3]
    with pytest.raises(ValueError, match='even batch, got 5'):
        crossdomain_permutation(5)


@needs_mixstyle
@pytest.mark.parametrize('mix', ['random', 'crossdomain'])
def test_same_maps_as_the_official_module(mix):
    official = load(MIXSTYLE, 'official_mixstyle').MixStyle(
        p=0.5, alpha=0.1, mix=mix)
    ours = MODELS.build(dict(type='mmda.MixStyle', p=0.5, alpha=0.1, mix=mix))
    x = torch.randn(6, 3, 4, 4)
    acted = 0
    for seed in range(8):
        outs = []
        for layer in (official, ours):
            random.seed(seed)
            torch.manual_seed(seed)
            outs.append(layer.train()(x))
        torch.testing.assert_close(outs[1], outs[0])
        acted += not torch.equal(outs[1], x)
    assert 0 < acted < 8  # the gate both opened and stayed shut


def test_identity_in_eval_and_when_not_drawn():
    layer = MixStyle(p=0.0)
    x = torch.randn(4, 2, 3, 3)
    assert layer.train()(x) is x
    assert MixStyle(p=1.0).eval()(x) is x
    assert not torch.equal(MixStyle(p=1.0).train()(x), x)


def test_bad_input_names_it():
    with pytest.raises(ValueError, match='p must be in'):
        MixStyle(p=1.5)
    with pytest.raises(ValueError, match='alpha must be > 0'):
        MixStyle(alpha=0)
    with pytest.raises(ValueError, match='mix must be one of'):
        MixStyle(mix='domains')
    with pytest.raises(ValueError, match=r'MixStyle expects feature maps'):
        MixStyle()(torch.randn(4, 3))
