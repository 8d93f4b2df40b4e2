# Copyright (c) mmda contributors. All rights reserved.
"""Group DRO: the weight update and the objective by hand, the objective's
gradient against DomainBed's ``GroupDRO.update`` on the same network and
batches, the weights in checkpoints, and bad input."""
from types import SimpleNamespace

import pytest
import torch
import torch.nn.functional as F
from domainbed_peer import domainbed_module, needs_domainbed
from torch import nn

from mmda.models import (GroupDROLoss, group_by_domain, group_dro_excess,
                         group_dro_weights)
from mmda.registry import MODELS


def test_weights_by_hand():
    q = torch.tensor([1., 1., 2.])
    risks = torch.tensor([0.5, 1.0, 2.0])
    raw = torch.tensor([
        torch.exp(torch.tensor(0.05)),
        torch.exp(torch.tensor(0.1)), 2 * torch.exp(torch.tensor(0.2))
    ])
    torch.testing.assert_close(
        group_dro_weights(q, risks, 0.1), raw / raw.sum())
    # the riskiest domain gains weight, step after step
    w = torch.ones(3)
    for _ in range(50):
        w = group_dro_weights(w, risks, 0.5)
    assert w.argmax() == 2 and w[2] > 0.99


def test_excess_plus_the_mean_risk_is_the_weighted_risk():
    g = torch.Generator().manual_seed(0)
    risks = torch.rand(4, generator=g, dtype=torch.double, requires_grad=True)
    q = torch.softmax(torch.randn(4, generator=g, dtype=torch.double), 0)
    torch.testing.assert_close(
        group_dro_excess(q, risks) + risks.mean(), torch.dot(q, risks))
    assert torch.autograd.gradcheck(lambda r: group_dro_excess(q, r),
                                    (risks, ))


def _minibatches(steps=3, domains=3, n=4, dim=5, classes=3):
    g = torch.Generator().manual_seed(1)
    return [[(torch.randn(n, dim, generator=g),
              torch.randint(classes, (n, ), generator=g))
             for _ in range(domains)] for _ in range(steps)]


def _ours(net, loss, minibatch):
    """mmda's total for one step: the head's batch-mean cross-entropy plus
    ``loss_groupdro``, over a batch with the domains interleaved."""
    x = torch.cat([x for x, _ in minibatch])
    y = torch.cat([y for _, y in minibatch])
    d = torch.cat(
        [torch.full((len(y), ), i) for i, (_, y) in enumerate(minibatch)])
    perm = torch.randperm(len(y), generator=torch.Generator().manual_seed(0))
    x, y, d = x[perm], y[perm], d[perm]
    logits = net(x)
    out = loss(group_by_domain(logits, logits, y, d))
    return F.cross_entropy(logits, y) + out['loss_groupdro'], out


@needs_domainbed
def test_same_objective_and_weights_as_domainbed(monkeypatch):
    with domainbed_module(monkeypatch, 'algorithms') as algorithms:
        update = algorithms.GroupDRO.update
    torch.manual_seed(0)
    theirs_net = nn.Linear(5, 3)
    ours_net = nn.Linear(5, 3)
    ours_net.load_state_dict(theirs_net.state_dict())
    # DomainBed's update with its optimiser replaced by a recorder: the
    # gradients are compared before anything steps
    theirs = SimpleNamespace(
        q=torch.Tensor(),
        hparams=dict(groupdro_eta=0.3),
        predict=theirs_net,
        optimizer=SimpleNamespace(
            zero_grad=lambda: theirs_net.zero_grad(), step=lambda: None))
    ours = GroupDROLoss(num_domains=3, eta=0.3)
    for minibatch in _minibatches():
        reported = update(theirs, minibatch)['loss']
        ours_net.zero_grad()
        total, out = _ours(ours_net, ours, minibatch)
        total.backward()
        torch.testing.assert_close(ours.q, theirs.q)
        torch.testing.assert_close(total.item(), reported)
        for a, b in zip(ours_net.parameters(), theirs_net.parameters()):
            torch.testing.assert_close(a.grad, b.grad)
        # then both take the same plain step
        with torch.no_grad():
            for a, b in zip(ours_net.parameters(), theirs_net.parameters()):
                a -= 0.5 * a.grad
                b -= 0.5 * b.grad
    assert out['groupdro_q_max'] == ours.q.max()


def test_weights_travel_with_the_state_dict():
    net = nn.Linear(5, 3)
    loss = MODELS.build(dict(type='mmda.GroupDROLoss', num_domains=3))
    for minibatch in _minibatches(steps=2):
        _ours(net, loss, minibatch)
    resumed = GroupDROLoss(num_domains=3)
    resumed.load_state_dict(loss.state_dict())
    assert torch.equal(resumed.q, loss.q)
    assert resumed.domains.tolist() == [0, 1, 2]
    step = _minibatches(steps=3)[2]
    torch.testing.assert_close(
        _ours(net, resumed, step)[0],
        _ours(net, loss, step)[0])


def test_bad_input_names_it():
    with pytest.raises(ValueError, match='num_domains'):
        GroupDROLoss(num_domains=1)
    with pytest.raises(ValueError, match='eta must be > 0'):
        GroupDROLoss(num_domains=2, eta=0)
    logits = torch.randn(6, 3)
    labels = torch.tensor([0, 1, 2, 0, 1, 2])
    loss = GroupDROLoss(num_domains=3)
    with pytest.raises(ValueError, match='one domain.*at least two'):
        loss(group_by_domain(logits, logits, labels, torch.zeros(6)))
    # a batch without one of the training domains
    with pytest.raises(ValueError, match=r'holds domains \[0, 1\].*3 domains'):
        loss(
            group_by_domain(logits, logits, labels,
                            torch.tensor([0, 1, 0, 1, 0, 1])))
    loss(
        group_by_domain(logits, logits, labels,
                        torch.tensor([0, 1, 2, 0, 1, 2])))
    # later batches must hold the same domains
    with pytest.raises(ValueError, match=r'domains \[0, 1, 2\]'):
        loss(
            group_by_domain(logits, logits, labels,
                            torch.tensor([0, 1, 3, 0, 1, 3])))
