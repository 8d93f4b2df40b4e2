# Copyright (c) mmda contributors. All rights reserved.
import math

import pytest
import torch
from tllib_peer import import_tllib, needs_tllib

from mmda.models import MCCLoss, mcc_loss


def mcc_by_hand(logits, temperature):
    """MCC written out one entry at a time; the weights are constants."""
    n, k = logits.shape
    y = [[None] * k for _ in range(n)]
    for i in range(n):
        z = [torch.exp(logits[i, j] / temperature) for j in range(k)]
        for j in range(k):
            y[i][j] = z[j] / sum(z)
    h = [
        -sum(
            float(y[i][j]) * math.log(float(y[i][j]) + 1e-5) for j in range(k))
        for i in range(n)
    ]
    certainty = [1 + math.exp(-h_i) for h_i in h]
    w = [n * c / sum(certainty) for c in certainty]
    c = [[sum(w[i] * y[i][a] * y[i][b] for i in range(n)) for b in range(k)]
         for a in range(k)]
    loss = 0
    for a in range(k):
        row = sum(c[a])
        for b in range(k):
            if b != a:
                loss = loss + c[a][b] / row
    return loss / k


def test_mcc_loss_against_the_equation_by_hand():
    torch.manual_seed(0)
    logits = torch.randn(5, 3, dtype=torch.float64) * 3
    a = logits.clone().requires_grad_()
    b = logits.clone().requires_grad_()
    loss = mcc_loss(a, temperature=2.5)
    reference = mcc_by_hand(b, temperature=2.5)
    assert loss.item() == pytest.approx(reference.item(), rel=1e-12)
    loss.backward()
    reference.backward()
    # the sample weights carry no gradient on either side
    assert torch.allclose(a.grad, b.grad, rtol=1e-10, atol=1e-12)


def test_mcc_loss_limits():
    # uniform predictions: every entry of C~ is 1/K, the loss (K - 1)/K
    assert mcc_loss(torch.zeros(4, 5), 2.5).item() == pytest.approx(0.8)
    # confident, one class per sample, every class present: no confusion
    logits = torch.eye(3).repeat(2, 1) * 200
    assert mcc_loss(logits, 2.5).item() == pytest.approx(0.0, abs=1e-6)
    # a higher temperature flattens the predictions: more confusion
    logits = torch.tensor([[2., 0.], [0., 2.], [1., 0.]])
    assert mcc_loss(logits, 5.0) > mcc_loss(logits, 1.0)
    with pytest.raises(ValueError, match=r'must be \(N, K\)'):
        mcc_loss(torch.zeros(4), 2.5)


def test_mcc_module_uses_target_logits_only():
    loss = MCCLoss(temperature=2.5, loss_weight=0.5)
    assert loss.input_kind == 'logits'
    logits_t = torch.randn(6, 4)
    out = loss(torch.randn(2, 4) * 100, logits_t)
    assert set(out) == {'loss_mcc'}
    assert out['loss_mcc'].item() == pytest.approx(
        0.5 * mcc_loss(logits_t, 2.5).item())
    assert repr(loss) == 'MCCLoss(temperature=2.5, loss_weight=0.5)'
    with pytest.raises(ValueError, match='temperature must be > 0'):
        MCCLoss(temperature=0.0)


def test_mcc_module_builds_from_its_config():
    from mmda.registry import MODELS
    loss = MODELS.build(dict(type='mmda.MCCLoss', temperature=3.0))
    assert isinstance(loss, MCCLoss)
    assert (loss.temperature, loss.loss_weight) == (3.0, 1.0)


@needs_tllib('tllib/self_training/mcc.py')
def test_mcc_loss_matches_tllib(monkeypatch):
    MinimumClassConfusionLoss = import_tllib(
        monkeypatch, 'tllib.self_training.mcc').MinimumClassConfusionLoss
    torch.manual_seed(1)
    for n, k, temperature in ((128, 10, 2.5), (7, 3, 1.0), (32, 31, 4.0)):
        logits = torch.randn(n, k) * 4
        a = logits.clone().requires_grad_()
        b = logits.clone().requires_grad_()
        ours = mcc_loss(a, temperature)
        theirs = MinimumClassConfusionLoss(temperature)(b)
        assert torch.allclose(ours, theirs, rtol=1e-5, atol=1e-7)
        ours.backward()
        theirs.backward()
        assert torch.allclose(a.grad, b.grad, rtol=1e-4, atol=1e-7)
