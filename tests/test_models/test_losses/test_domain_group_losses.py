# Copyright (c) mmda contributors. All rights reserved.
"""CORAL, MMD, IRM and V-REx over the domains of a batch: against the
equations by hand, gradients, bad input, and DomainBed's own functions on
the same tensors where a checkout is present."""
import itertools
from types import SimpleNamespace

import pytest
import torch
import torch.nn.functional as F
from domainbed_peer import domainbed_module, needs_domainbed

from mmda.models import (CORALLoss, GaussianMMDLoss, IRMPenalty, VRExPenalty,
                         coral_distance, gaussian_mmd, group_by_domain,
                         irm_penalty, risk_variance)
from mmda.registry import MODELS


def _groups(sizes=(6, 6, 6), dim=4, classes=3, seed=0, dtype=torch.float):
    g = torch.Generator().manual_seed(seed)
    n = sum(sizes)
    feats = torch.randn(n, dim, generator=g, dtype=dtype)
    logits = torch.randn(n, classes, generator=g, dtype=dtype)
    labels = torch.randint(classes, (n, ), generator=g)
    domains = torch.cat([torch.full((s, ), d) for d, s in enumerate(sizes)])
    perm = torch.randperm(n, generator=g)  # groups need not be contiguous
    return group_by_domain(feats[perm], logits[perm], labels[perm],
                           domains[perm])


def test_group_by_domain_keeps_rows_together():
    feats = torch.arange(6.).view(6, 1)
    groups = group_by_domain(feats, feats * 10, torch.arange(6),
                             torch.tensor([2, 0, 2, 1, 0, 1]))
    assert groups.domains == [0, 1, 2]
    assert [f.flatten().tolist() for f in groups.features] == [[1, 4], [3, 5],
                                                               [0, 2]]
    assert groups.logits[2].flatten().tolist() == [0, 20]
    assert groups.labels[1].tolist() == [3, 5]


def test_coral_distance_by_hand():
    x = torch.tensor([[1., 2.], [3., 0.], [2., 4.]])
    y = torch.tensor([[0., 1.], [1., 1.]])
    mx, my = x.mean(0), y.mean(0)
    cx = sum(torch.outer(r - mx, r - mx) for r in x) / 2
    cy = sum(torch.outer(r - my, r - my) for r in y) / 1
    expected = ((mx - my)**2).sum() / 2 + ((cx - cy)**2).sum() / 4
    torch.testing.assert_close(coral_distance(x, y), expected)
    assert coral_distance(x, x) == 0


def test_gaussian_mmd_by_hand():
    x = torch.tensor([[0., 0.], [1., 0.]])
    y = torch.tensor([[0., 2.]])
    gammas = (0.5, 2.0)

    def k(a, b):
        d = ((a - b)**2).sum()
        return sum(torch.exp(-g * d) for g in gammas)

    def mean_k(p, q):
        return torch.stack([k(a, b) for a in p for b in q]).mean()

    expected = mean_k(x, x) + mean_k(y, y) - 2 * mean_k(x, y)
    torch.testing.assert_close(gaussian_mmd(x, y, gammas), expected)
    assert gaussian_mmd(x, x, gammas).abs() < 1e-6


def test_irm_penalty_is_the_product_of_half_batch_gradients():
    logits = torch.tensor([[2., 0.], [0., 1.], [1., 1.], [3., -1.]])
    labels = torch.tensor([0, 1, 1, 0])

    def grad_at_one(z, y):
        # d/dw CE(w z, y) at w = 1 is mean_i (p_i - onehot_i) . z_i
        p = z.softmax(1)
        return ((p - F.one_hot(y, 2)) * z).sum(1).mean()

    expected = grad_at_one(logits[::2], labels[::2]) * grad_at_one(
        logits[1::2], labels[1::2])
    torch.testing.assert_close(irm_penalty(logits, labels), expected)


def test_risk_variance_by_hand():
    risks = torch.tensor([1., 2., 4.])
    mean = 7 / 3
    expected = ((1 - mean)**2 + (2 - mean)**2 + (4 - mean)**2) / 3
    torch.testing.assert_close(risk_variance(risks), torch.tensor(expected))


def test_gradients_numerically():
    x = torch.randn(5, 3, dtype=torch.double, requires_grad=True)
    y = torch.randn(4, 3, dtype=torch.double, requires_grad=True)
    assert torch.autograd.gradcheck(coral_distance, (x, y))
    assert torch.autograd.gradcheck(
        lambda a, b: gaussian_mmd(a, b, (0.1, 1.0)), (x, y))
    z = torch.randn(6, 3, dtype=torch.double, requires_grad=True)
    labels = torch.tensor([0, 1, 2, 0, 1, 2])
    assert torch.autograd.gradcheck(lambda t: irm_penalty(t, labels), (z, ))
    r = torch.rand(3, dtype=torch.double, requires_grad=True)
    assert torch.autograd.gradcheck(risk_variance, (r, ))


def test_modules_average_over_pairs_and_domains():
    groups = _groups()
    pairs = list(itertools.combinations(groups.features, 2))
    coral = torch.stack([coral_distance(a, b) for a, b in pairs]).mean()
    out = CORALLoss(weight=0.5)(groups)
    torch.testing.assert_close(out['loss_coral'], 0.5 * coral)
    mmd = torch.stack([gaussian_mmd(a, b) for a, b in pairs]).mean()
    torch.testing.assert_close(GaussianMMDLoss()(groups)['loss_mmd'], mmd)
    irm = torch.stack([
        irm_penalty(z, y) for z, y in zip(groups.logits, groups.labels)
    ]).mean()
    out = IRMPenalty(weight=100.0)(groups)
    torch.testing.assert_close(out['irm'], irm)
    torch.testing.assert_close(out['loss_irm'], 100 * irm)
    risks = torch.stack(
        [F.cross_entropy(z, y) for z, y in zip(groups.logits, groups.labels)])
    vrex = VRExPenalty(weight=10.0)
    vrex.annealed = False  # the warm-up weight, 1
    torch.testing.assert_close(
        vrex(groups)['loss_vrex'], risks.var(unbiased=False))


def test_modules_build_from_config():
    for cfg in (dict(type='mmda.CORALLoss', weight=2.0),
                dict(type='mmda.GaussianMMDLoss', gammas=[1.0]),
                dict(type='mmda.IRMPenalty'), dict(type='mmda.VRExPenalty')):
        assert MODELS.build(cfg)(_groups())


def test_bad_input_names_it():
    one = _groups(sizes=(6, ))
    for loss in (CORALLoss(), GaussianMMDLoss(), IRMPenalty(), VRExPenalty()):
        with pytest.raises(ValueError, match='one domain.*at least two'):
            loss(one)
    with pytest.raises(ValueError, match='domain 1 has 1 sample'):
        CORALLoss()(_groups(sizes=(4, 1)))
    with pytest.raises(ValueError, match='gammas is empty'):
        GaussianMMDLoss(gammas=())


@pytest.fixture
def domainbed(monkeypatch):
    with domainbed_module(monkeypatch, 'algorithms') as algorithms:
        yield algorithms


@needs_domainbed
def test_same_values_as_domainbed(domainbed):
    mmd_cls = domainbed.AbstractMMD
    for kernel, ours in (('mean_cov', coral_distance), ('gaussian',
                                                        gaussian_mmd)):
        fake = SimpleNamespace(kernel_type=kernel)
        fake.gaussian_kernel = lambda a, b: mmd_cls.gaussian_kernel(fake, a, b)
        fake.my_cdist = lambda a, b: mmd_cls.my_cdist(fake, a, b)
        for seed in range(3):
            g = torch.Generator().manual_seed(seed)
            x = torch.randn(16, 8, generator=g)
            y = torch.randn(16, 8, generator=g) * 1.5 + 0.3
            torch.testing.assert_close(ours(x, y), mmd_cls.mmd(fake, x, y))
    g = torch.Generator().manual_seed(0)
    logits = torch.randn(10, 5, generator=g)
    labels = torch.randint(5, (10, ), generator=g)
    torch.testing.assert_close(
        irm_penalty(logits, labels),
        domainbed.IRM._irm_penalty(logits, labels))
