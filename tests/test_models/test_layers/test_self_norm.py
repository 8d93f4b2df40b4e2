# Copyright (c) mmda contributors. All rights reserved.
import math

import pytest
import torch

from mmda.models.layers import SelfNorm, channel_mean_std, self_norm


def _set_gate(gate, w_mu, w_sigma):
    with torch.no_grad():
        gate.fc.weight.copy_(torch.tensor([[[w_mu, w_sigma]]]))


def _sigmoid(v):
    return 1 / (1 + math.exp(-v))


def test_self_norm_by_hand():
    layer = SelfNorm(1, use_f=True).eval()  # BN uses running stats 0 / 1
    _set_gate(layer.g, 0.5, -0.25)
    _set_gate(layer.f, 0.1, 0.0)
    x = torch.tensor([[[[1., 3.], [5., 7.]]]])
    mu, sigma = 4.0, math.sqrt(5.0)
    bn = math.sqrt(1 + 1e-5)
    g = _sigmoid((0.5 * mu - 0.25 * sigma) / bn)
    f = _sigmoid(0.1 * mu / bn)
    expected = x * g + mu * (f - g)
    torch.testing.assert_close(layer(x), expected)
    # Eq. 3: mean f * mu, std g * sigma.
    mean, std = channel_mean_std(layer(x), eps=0)
    assert math.isclose(mean.item(), f * mu, rel_tol=1e-5)
    assert math.isclose(std.item(), g * sigma, rel_tol=1e-5)


def test_without_f_the_output_is_x_times_g():
    layer = SelfNorm(1).eval()
    _set_gate(layer.g, -0.3, 0.2)
    x = torch.tensor([[[[1., 3.], [5., 7.]]]])
    g = _sigmoid((-0.3 * 4 + 0.2 * math.sqrt(5)) / math.sqrt(1 + 1e-5))
    torch.testing.assert_close(layer(x), x * g)
    assert layer.f is None


def test_self_norm_function():
    x = torch.randn(2, 3, 4, 4)
    mean = x.mean((2, 3), keepdim=True)
    g, f = torch.rand(2, 3, 1, 1), torch.rand(2, 3, 1, 1)
    torch.testing.assert_close(self_norm(x, mean, g), x * g)
    torch.testing.assert_close(
        self_norm(x, mean, g, f),
        g * (x - mean) + f * mean)


@pytest.mark.parametrize('use_f', [False, True])
def test_gradcheck_in_training_mode(use_f):
    torch.manual_seed(0)
    layer = SelfNorm(2, use_f=use_f).double().train()
    x = torch.randn(3, 2, 2, 2, dtype=torch.double, requires_grad=True)
    assert torch.autograd.gradcheck(layer, (x, ))
    params = [p for p in layer.parameters()]
    assert len(params) == (6 if use_f else 3)


def test_gradcheck_of_the_function():
    x = torch.randn(2, 2, 3, 3, dtype=torch.double, requires_grad=True)
    mean = torch.randn(2, 2, 1, 1, dtype=torch.double, requires_grad=True)
    g = torch.rand(2, 2, 1, 1, dtype=torch.double, requires_grad=True)
    f = torch.rand(2, 2, 1, 1, dtype=torch.double, requires_grad=True)
    assert torch.autograd.gradcheck(self_norm, (x, mean, g, f))


def test_wrong_inputs_are_named():
    layer = SelfNorm(4)
    with pytest.raises(ValueError, match=r'built for 4 channels'):
        layer(torch.randn(2, 3, 5, 5))
    with pytest.raises(ValueError, match=r'SelfNorm expects'):
        layer(torch.randn(2, 4))
    assert 'channels=4, use_f=False' in repr(layer)
