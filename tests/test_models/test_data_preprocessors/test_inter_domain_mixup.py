# Copyright (c) mmda contributors. All rights reserved.
"""Inter-domain Mixup: the pairing by hand, the preprocessor's batch and
its objective against DomainBed's ``Mixup.update`` on the same network,
batches and random draws, and bad input."""
from types import SimpleNamespace

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from domainbed_peer import domainbed_module, needs_domainbed
from mmpretrain.structures import DataSample
from torch import nn

from mmda.models import DGDataPreprocessor, mix_domain_pairs


def test_pairs_follow_the_cycle_by_hand():
    x = torch.arange(6.).view(6, 1)  # rows 0..5
    scores = F.one_hot(torch.tensor([0, 1, 2, 0, 1, 2]), 3).float()
    # domain 0: rows 1, 4; domain 1: rows 0, 3; domain 2: rows 2, 5
    domains = torch.tensor([1, 0, 2, 1, 0, 2])
    mixed = mix_domain_pairs(
        x, scores, domains, order=[2, 0, 1], lams=[0.25, 0.5, 1.0])
    # pairs (2, 0), (0, 1), (1, 2) with lams 0.25, 0.5, 1.0
    expected_x = [
        0.25 * 2 + 0.75 * 1, 0.25 * 5 + 0.75 * 4, 0.5 * 1 + 0.5 * 0,
        0.5 * 4 + 0.5 * 3, 0., 3.
    ]
    assert mixed.inputs.flatten().tolist() == expected_x
    assert mixed.rows.tolist() == [2, 5, 1, 4, 0, 3]
    torch.testing.assert_close(mixed.scores[0], torch.tensor([0., 0.75, 0.25]))
    torch.testing.assert_close(mixed.scores[4], scores[0])
    # unequal groups are cut to the smaller one, as DomainBed's pairs
    short = mix_domain_pairs(x[:5], scores[:5], domains[:5], [0, 1, 2],
                             [0.5] * 3)
    assert len(short.inputs) == 2 + 1 + 1  # pairs (0, 1), (1, 2), (2, 0)
    with pytest.raises(ValueError, match='must permute the 3 domains'):
        mix_domain_pairs(x, scores, domains, [0, 1], [0.5, 0.5])


def _data(minibatches):
    samples = []
    for d, (_, ys) in enumerate(minibatches):
        for y in ys.tolist():
            sample = DataSample().set_gt_label(y)
            sample.set_metainfo(dict(domain_idx=d))
            samples.append(sample)
    inputs = torch.cat([x for x, _ in minibatches])
    return dict(inputs=inputs, data_samples=samples)


def _minibatches(domains=3, n=4, classes=3):
    g = torch.Generator().manual_seed(3)
    return [(torch.rand(n, 1, 2, 3, generator=g),
             torch.randint(classes, (n, ), generator=g))
            for _ in range(domains)]


@needs_domainbed
def test_same_objective_as_domainbeds_mixup(monkeypatch):
    with domainbed_module(monkeypatch, 'algorithms') as algorithms:
        update = algorithms.Mixup.update
    torch.manual_seed(0)
    theirs_net = nn.Sequential(nn.Flatten(), nn.Linear(6, 3))
    ours_net = nn.Sequential(nn.Flatten(), nn.Linear(6, 3))
    ours_net.load_state_dict(theirs_net.state_dict())
    theirs = SimpleNamespace(
        hparams=dict(mixup_alpha=0.2),
        predict=theirs_net,
        optimizer=SimpleNamespace(
            zero_grad=lambda: theirs_net.zero_grad(), step=lambda: None))
    preprocessor = DGDataPreprocessor(
        mixup_alpha=0.2, num_classes=3, mean=[0.], std=[1.])
    for step in range(3):
        minibatches = _minibatches()
        torch.manual_seed(step)
        np.random.seed(step)
        reported = update(theirs, minibatches)['loss']
        torch.manual_seed(step)
        np.random.seed(step)
        out = preprocessor(_data(minibatches), training=True)
        scores = torch.stack([s.gt_score for s in out['data_samples']])
        ours_net.zero_grad()
        loss = torch.sum(-scores * ours_net(out['inputs']).log_softmax(1),
                         1).mean()  # mmpretrain's soft cross-entropy
        loss.backward()
        torch.testing.assert_close(loss.item(), reported)
        for a, b in zip(ours_net.parameters(), theirs_net.parameters()):
            torch.testing.assert_close(a.grad, b.grad)


def test_mixes_only_in_training_and_keeps_samples():
    preprocessor = DGDataPreprocessor(
        mixup_alpha=0.2, num_classes=3, mean=[0.], std=[1.])
    data = _data(_minibatches())
    plain = preprocessor(_data(_minibatches()), training=False)
    assert torch.equal(plain['inputs'], data['inputs'])
    assert 'gt_score' not in plain['data_samples'][0]
    out = preprocessor(data, training=True)
    assert out['inputs'].shape == data['inputs'].shape
    assert sorted(id(s) for s in out['data_samples']) == sorted(
        id(s) for s in data['data_samples'])
    scores = torch.stack([s.gt_score for s in out['data_samples']])
    torch.testing.assert_close(scores.sum(1), torch.ones(12))


def test_then_flip_concat():
    preprocessor = DGDataPreprocessor(
        mixup_alpha=0.2, flip_concat=True, num_classes=3, mean=[0.], std=[1.])
    out = preprocessor(_data(_minibatches()), training=True)
    assert out['inputs'].shape == (24, 1, 2, 3)
    assert torch.equal(out['inputs'][12:], out['inputs'][:12].flip(-1))


def test_bad_input_names_it():
    with pytest.raises(ValueError, match='needs num_classes'):
        DGDataPreprocessor(mixup_alpha=0.2)
    with pytest.raises(ValueError, match='mixup_alpha must be a number > 0'):
        DGDataPreprocessor(mixup_alpha=0, num_classes=3)
    preprocessor = DGDataPreprocessor(mixup_alpha=0.2, num_classes=3)
    one = _data(_minibatches(domains=1))
    with pytest.raises(ValueError, match='one domain'):
        preprocessor(one, training=True)
    data = _data(_minibatches())
    del data['data_samples'][2].domain_idx
    with pytest.raises(KeyError, match="sample 2 .* no 'domain_idx'"):
        preprocessor(data, training=True)
