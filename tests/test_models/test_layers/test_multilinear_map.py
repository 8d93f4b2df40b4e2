# Copyright (c) mmda contributors. All rights reserved.
import math

import pytest
import torch

from mmda.models import (MultilinearMap, RandomizedMultilinearMap,
                         multilinear_map, randomized_multilinear_map)


def test_multilinear_map_is_the_class_major_outer_product():
    f = torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 4.0]])
    g = torch.tensor([[0.25, 0.75], [1.0, 0.0]])
    out = multilinear_map(f, g)
    assert out.shape == (2, 6)
    for n in range(2):
        for c in range(2):
            for j in range(3):
                assert out[n, c * 3 + j].item() == g[n, c] * f[n, j]
    assert torch.equal(MultilinearMap()(f, g), out)


def test_randomized_map_against_the_equation():
    torch.manual_seed(0)
    f, g = torch.randn(4, 3), torch.randn(4, 2).softmax(1)
    rand_f, rand_g = torch.randn(3, 5), torch.randn(2, 5)
    out = randomized_multilinear_map(f, g, rand_f, rand_g)
    for n in range(4):
        for k in range(5):
            rf = sum(rand_f[j, k] * f[n, j] for j in range(3))
            rg = sum(rand_g[c, k] * g[n, c] for c in range(2))
            assert out[n, k].item() == pytest.approx(
                (rf * rg / math.sqrt(5)).item(), rel=1e-5, abs=1e-6)


def test_randomized_inner_products_approximate_the_outer_products():
    """E[<T_o(f, g), T_o(f', g')>] = <f (x) g, f' (x) g'> (Sec. 3.3)."""
    torch.manual_seed(0)
    f, g = torch.randn(2, 6), torch.randn(2, 3).softmax(1)
    exact = multilinear_map(f, g)
    module = RandomizedMultilinearMap(6, 3, output_dim=200000)
    approx = module(f, g)
    assert (approx[0] @ approx[1]).item() == pytest.approx(
        (exact[0] @ exact[1]).item(), abs=0.05)


def test_randomized_matrices_are_fixed_buffers():
    torch.manual_seed(3)
    module = RandomizedMultilinearMap(4, 2, output_dim=8)
    torch.manual_seed(3)
    assert torch.equal(module.rand_f, torch.randn(4, 8))
    assert torch.equal(module.rand_g, torch.randn(2, 8))
    assert set(module.state_dict()) == {'rand_f', 'rand_g'}
    assert not list(module.parameters())


@pytest.mark.parametrize('key,kwargs', [
    ('features_dim', dict(num_classes=10)),
    ('num_classes', dict(features_dim=256)),
    ('output_dim', dict(features_dim=256, num_classes=10, output_dim=0)),
])
def test_randomized_map_names_a_missing_dimension(key, kwargs):
    with pytest.raises(ValueError, match=f'{key} must be a positive int'):
        RandomizedMultilinearMap(**kwargs)
