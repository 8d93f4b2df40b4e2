# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch

from mmda.models import (EntropyLoss, HAFNLoss, SAFNLoss, entropy, hafn_loss,
                         safn_loss)


def test_hafn_loss_by_hand():
    # norms: source 5 and 0 (mean 2.5), target 10; R = 5
    f_s = torch.tensor([[3., 4.], [0., 0.]], requires_grad=True)
    f_t = torch.tensor([[6., 8.]], requires_grad=True)
    loss = hafn_loss(f_s, f_t, radius=5.0)
    assert loss.item() == pytest.approx((2.5 - 5)**2 + (10 - 5)**2)
    loss.backward()
    # d/df_s0 = 2 (2.5 - 5) * 1/2 * f/|f| = -2.5 * (0.6, 0.8)
    assert torch.allclose(f_s.grad[0], torch.tensor([-1.5, -2.0]))
    assert torch.allclose(f_t.grad[0], torch.tensor([6.0, 8.0]))
    module = HAFNLoss(radius=5.0, loss_weight=0.05)
    out = module(f_s.detach(), f_t.detach())
    assert out['loss_hafn'].item() == pytest.approx(0.05 * 31.25)
    assert 'radius=5.0' in repr(module)


def test_safn_loss_by_hand():
    f = torch.tensor([[3., 4.], [6., 8.]], requires_grad=True)
    loss = safn_loss(f, delta_r=1.0)
    # every norm is one step dr short of its (detached) target
    assert loss.item() == pytest.approx(1.0)
    loss.backward()
    # d/df_i = 1/2 * 2 (|f_i| - (|f_i| + 1)) f_i/|f_i| = -(0.6, 0.8):
    # the gradient does not flow into the detached target
    assert torch.allclose(f.grad, torch.tensor([[-0.6, -0.8]] * 2))
    # end point R = 7: targets min(6, 7) = 6 and min(11, 7) = 7
    capped = safn_loss(f.detach(), delta_r=1.0, max_radius=7.0)
    assert capped.item() == pytest.approx((1.0 + 9.0) / 2)
    # reduction='mean' pools source and target: mean over n_s + n_t
    out = SAFNLoss(
        delta_r=0.5, loss_weight=0.05, reduction='mean')(f[:1].detach(),
                                                         f[1:].detach())
    assert out['loss_safn'].item() == pytest.approx(0.05 * 0.25)


def test_safn_default_sums_one_mean_per_domain_as_afn_code():
    # Unequal batches tell the reductions apart. Source: norms 5 with
    # dr = 1 -> 1 each; target: norm 10 with dr = 3 -> 9, norm 5 -> 9.
    f_s = torch.tensor([[3., 4.], [0., 5.], [5., 0.]])
    f_t = torch.tensor([[6., 8.]])
    module = SAFNLoss(delta_r=1.0, loss_weight=0.05)
    assert module.reduction == 'domain_sum'
    out = module(f_s, f_t)['loss_safn'].item()
    # AFN's train.py: w * mean_s + w * mean_t = 0.05 * (1 + 1)
    assert out == pytest.approx(0.05 * (1.0 + 1.0))
    pooled = SAFNLoss(delta_r=1.0, loss_weight=0.05, reduction='mean')
    assert pooled(f_s, f_t)['loss_safn'].item() == pytest.approx(0.05)
    # with equal batches the default is twice the pooled mean
    g = torch.randn(4, 8) * 3
    assert module(g[:2], g[2:])['loss_safn'].item() == pytest.approx(
        2 * pooled(g[:2], g[2:])['loss_safn'].item())
    assert "reduction='domain_sum'" in repr(module)
    with pytest.raises(ValueError, match="reduction must be one of"):
        SAFNLoss(delta_r=1.0, loss_weight=0.05, reduction='sum')


def test_entropy_loss_uses_target_logits_only():
    p = torch.tensor([[0.5, 0.5], [1.0, 0.0]])
    h = entropy(p, eps=0.0 + 1e-12)
    assert torch.allclose(h, torch.tensor([0.6931472, 0.0]), atol=1e-6)
    loss = EntropyLoss(loss_weight=0.1)
    assert loss.input_kind == 'logits'
    logits_t = torch.zeros(3, 4)  # uniform: entropy log 4
    out = loss(torch.randn(2, 4) * 100, logits_t)
    assert out['loss_ent'].item() == pytest.approx(0.1 * 1.3862944, rel=1e-4)


@pytest.mark.parametrize('kwargs', [
    dict(cls=HAFNLoss, radius=0.0, loss_weight=1.0),
    dict(cls=SAFNLoss, delta_r=-1.0, loss_weight=1.0)
])
def test_bad_settings_are_named(kwargs):
    cls = kwargs.pop('cls')
    with pytest.raises(ValueError, match=cls.__name__):
        cls(**kwargs)
