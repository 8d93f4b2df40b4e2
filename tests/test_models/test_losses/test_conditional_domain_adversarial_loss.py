# Copyright (c) mmda contributors. All rights reserved.
import math
import os.path as osp

import pytest
import torch
from tllib_peer import TLLIB, import_tllib
from torch import nn

from mmda.engine.hooks import dann_lambda
from mmda.models import (ConditionalDomainAdversarialLoss, DomainDiscriminator,
                         GradientReverseLayer, UDAImageClassifier,
                         domain_adversarial_loss, entropy_weight)


class _Linear(nn.Module):
    """A one-layer discriminator with ``(N,)`` logits."""

    def __init__(self, width):
        super().__init__()
        self.fc = nn.Linear(width, 1)

    def forward(self, x):
        return self.fc(x).squeeze(1)


def _inputs(seed=0, n_s=3, n_t=4, width=5, classes=3):
    torch.manual_seed(seed)
    return (torch.randn(n_s, width, requires_grad=True),
            torch.randn(n_t, width, requires_grad=True),
            torch.randn(n_s, classes, requires_grad=True),
            torch.randn(n_t, classes, requires_grad=True))


def test_entropy_weight_against_the_equation():
    probs = torch.tensor([[1.0, 0.0], [0.5, 0.5], [0.9, 0.1]])
    raw = []
    for row in probs.tolist():
        h = -sum(p * math.log(p + 1e-5) for p in row)
        raw.append(1 + math.exp(-h))
    expected = [3 * w / sum(raw) for w in raw]
    torch.testing.assert_close(entropy_weight(probs), torch.tensor(expected))
    # the confident row weighs most; the weights sum to the batch size
    w = entropy_weight(probs)
    assert w[0] > w[2] > w[1]
    assert w.sum().item() == pytest.approx(3.0)


@pytest.mark.parametrize('entropy_conditioning', [False, True])
def test_loss_against_the_equation(entropy_conditioning):
    f_s, f_t, g_s, g_t = _inputs()
    disc = _Linear(15)
    module = ConditionalDomainAdversarialLoss(
        disc,
        grl=GradientReverseLayer(coeff=0.3),
        loss_weight=0.5,
        entropy_conditioning=entropy_conditioning)
    out = module(f_s, f_t, g_s, g_t)

    # by hand: h = g (x) f per row, D = sigmoid(w.h + b), source = 1
    probs = torch.cat([g_s, g_t]).softmax(1).detach()
    feats = torch.cat([f_s, f_t]).detach()
    terms, weights = [], []
    for n in range(7):
        h = torch.stack(
            [probs[n, c] * feats[n, j] for c in range(3) for j in range(5)])
        d = torch.sigmoid(disc.fc(h)).item()
        terms.append(-math.log(d) if n < 3 else -math.log(1 - d))
        p = probs[n].tolist()
        weights.append(1 + math.exp(-sum(-q * math.log(q + 1e-5) for q in p)))
    if entropy_conditioning:
        weights = [7 * w / sum(weights) for w in weights]
    else:
        weights = [1.0] * 7
    expected = 0.5 * sum(w * t for w, t in zip(weights, terms)) / 7
    assert out['loss_cdan'].item() == pytest.approx(expected, rel=1e-5)
    assert 0 <= out['domain_acc'].item() <= 100


def test_gradients_reach_features_reversed_and_not_the_predictions():
    f_s, f_t, g_s, g_t = _inputs(1)
    disc = _Linear(15)
    module = ConditionalDomainAdversarialLoss(
        disc, grl=GradientReverseLayer(coeff=0.4))
    module(f_s, f_t, g_s, g_t)['loss_cdan'].backward()

    ref_disc = _Linear(15)
    ref_disc.load_state_dict(disc.state_dict())
    f_s2, f_t2 = (f.detach().clone().requires_grad_() for f in (f_s, f_t))
    probs = torch.cat([g_s, g_t]).softmax(1).detach()
    joint = (probs.unsqueeze(2) * torch.cat([f_s2, f_t2]).unsqueeze(1))
    logits = ref_disc(joint.flatten(1))
    domain_adversarial_loss(logits[:3], logits[3:]).backward()
    torch.testing.assert_close(disc.fc.weight.grad, ref_disc.fc.weight.grad)
    torch.testing.assert_close(f_s.grad, -0.4 * f_s2.grad)
    torch.testing.assert_close(f_t.grad, -0.4 * f_t2.grad)
    assert g_s.grad is None and g_t.grad is None


def test_randomized_map_needs_its_dimensions():
    with pytest.raises(ValueError, match='num_classes must be a positive'):
        ConditionalDomainAdversarialLoss(
            _Linear(8), randomized=True, features_dim=5, randomized_dim=8)
    module = ConditionalDomainAdversarialLoss(
        dict(
            type='mmda.DomainDiscriminator',
            in_channels=8,
            hidden_channels=(4, )),
        randomized=True,
        features_dim=5,
        num_classes=3,
        randomized_dim=8)
    out = module(*_inputs())
    assert out['loss_cdan'].ndim == 0
    assert module.map.rand_f.shape == (5, 8)


def test_classifier_passes_features_and_logits():
    calls = []

    class _Record(ConditionalDomainAdversarialLoss):

        def forward(self, *args):
            calls.append([a.shape for a in args])
            return super().forward(*args)

    model = UDAImageClassifier(
        backbone=dict(type='mmda.LeNet', in_channels=1),
        neck=dict(type='mmpretrain.GlobalAveragePooling'),
        head=dict(
            type='mmpretrain.LinearClsHead', num_classes=10, in_channels=50),
        da_losses=[_Record(_Linear(500))])
    from mmpretrain.structures import DataSample
    x = torch.randn(4, 1, 28, 28)
    samples = dict(
        source=[DataSample().set_gt_label(i) for i in range(2)],
        target=[DataSample() for _ in range(2)])
    losses = model.loss(dict(source=x[:2], target=x[2:]), samples)
    assert calls == [[(2, 50), (2, 50), (2, 10), (2, 10)]]
    assert 'loss_cdan' in losses and 'loss' in ''.join(losses)


@pytest.fixture
def tllib_cdan(monkeypatch):
    """tllib's CDAN loss and discriminator from the scratch checkout."""
    if not osp.isfile(osp.join(TLLIB, 'tllib/alignment/cdan.py')):
        pytest.skip(f'no tllib checkout at {TLLIB} (the comparison with '
                    'the reference implementation needs one)')
    cdan, discriminator = import_tllib(monkeypatch, 'tllib.alignment.cdan',
                                       'tllib.modules.domain_discriminator')
    return cdan, discriminator.DomainDiscriminator


@pytest.mark.parametrize('entropy_conditioning', [False, True])
def test_matches_tllib_on_the_same_tensors_and_weights(tllib_cdan,
                                                       entropy_conditioning):
    cdan, TllibDiscriminator = tllib_cdan
    torch.manual_seed(0)
    theirs_disc = TllibDiscriminator(in_feature=5 * 3, hidden_size=8)
    theirs = cdan.ConditionalDomainAdversarialLoss(
        theirs_disc, entropy_conditioning=entropy_conditioning)
    ours_disc = DomainDiscriminator(15, (8, 8), dropout=0.0, norm=True)
    ours_disc.load_state_dict(
        dict(zip(ours_disc.state_dict(),
                 theirs_disc.state_dict().values())))
    # tllib's warm-start GRL at iteration 500 of its 1,000: as the hook
    theirs.grl.iter_num = 500
    ours = ConditionalDomainAdversarialLoss(
        ours_disc,
        grl=GradientReverseLayer(coeff=dann_lambda(0.5, gamma=1.0)),
        entropy_conditioning=entropy_conditioning)

    f_s, f_t, g_s, g_t = _inputs(2)
    mine = ours(f_s, f_t, g_s, g_t)
    mine['loss_cdan'].backward()
    our_grads = [t.grad.clone() for t in (f_s, f_t)]
    for t in (f_s, f_t):
        t.grad = None
    ref = theirs(g_s, f_s, g_t, f_t)
    ref.backward()
    torch.testing.assert_close(mine['loss_cdan'], ref)
    for a, t in zip(our_grads, (f_s, f_t)):
        torch.testing.assert_close(a, t.grad)
    assert mine['domain_acc'].item() == pytest.approx(
        float(theirs.domain_discriminator_accuracy))


def test_randomized_map_matches_tllib_at_one_seed(tllib_cdan):
    """Seeded alike, the fixed matrices are the same draws, so the map is."""
    cdan, _ = tllib_cdan
    torch.manual_seed(5)
    theirs = cdan.RandomizedMultiLinearMap(5, 3, output_dim=16)
    disc = _Linear(16)
    torch.manual_seed(5)
    ours = ConditionalDomainAdversarialLoss(
        disc,
        randomized=True,
        features_dim=5,
        num_classes=3,
        randomized_dim=16).map
    f_s, _, g_s, _ = _inputs(3)
    probs = g_s.softmax(1)
    torch.testing.assert_close(ours(f_s, probs), theirs(f_s, probs))
