# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch

from mmda.models import GradientReverseLayer, gradient_reverse


@pytest.mark.parametrize('dtype', [torch.float32, torch.float64])
@pytest.mark.parametrize('coeff', [0.0, 0.3, 1.0, 2.5])
def test_forward_identity_backward_negated(dtype, coeff):
    x = torch.randn(4, 3, dtype=dtype, requires_grad=True)
    y = gradient_reverse(x, coeff)
    assert torch.equal(y, x)
    upstream = torch.randn(4, 3, dtype=dtype)
    y.backward(upstream)
    torch.testing.assert_close(x.grad, -coeff * upstream)


@pytest.mark.parametrize('coeff', [0.5, 1.0, 3.0])
def test_jacobian_is_minus_coeff_times_numerical(coeff):
    x = torch.randn(3, 2, dtype=torch.float64)
    analytic = torch.autograd.functional.jacobian(
        lambda t: gradient_reverse(t, coeff), x)
    eps = 1e-6
    numerical = torch.zeros_like(analytic)
    for idx in torch.cartesian_prod(torch.arange(3), torch.arange(2)):
        i, j = idx.tolist()
        step = torch.zeros_like(x)
        step[i, j] = eps
        numerical[:, :, i, j] = (gradient_reverse(x + step, coeff) -
                                 gradient_reverse(x - step, coeff)) / (2 * eps)
    torch.testing.assert_close(analytic, -coeff * numerical)


def test_gradcheck():
    x = torch.randn(3, 2, dtype=torch.float64, requires_grad=True)
    # With coeff = -1 the backward is the identity's: gradcheck must pass.
    assert torch.autograd.gradcheck(lambda t: gradient_reverse(t, -1.0), (x, ))
    # Any other coefficient disagrees with the identity forward on purpose.
    assert not torch.autograd.gradcheck(
        lambda t: gradient_reverse(t, 1.0), (x, ), raise_exception=False)


def test_module_uses_settable_coeff():
    layer = GradientReverseLayer(coeff=0.25)
    assert 'coeff=0.25' in repr(layer)
    assert list(layer.parameters()) == []
    x = torch.ones(2, requires_grad=True)
    layer.coeff = 0.75
    layer(x).sum().backward()
    torch.testing.assert_close(x.grad, torch.full((2, ), -0.75))
