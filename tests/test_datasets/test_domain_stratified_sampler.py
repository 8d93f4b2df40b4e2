# Copyright (c) mmda contributors. All rights reserved.
"""DomainStratifiedSampler: every block holds per_domain samples of each
domain, on every rank, from one shared stream."""
from collections import Counter
from itertools import islice
from unittest import mock

import numpy as np
import pytest

from mmda.datasets import DomainStratifiedSampler, MultiDomainDataset
from mmda.datasets.samplers import domain_stratified_sampler


class DomainRecorder:
    """A dataset that is only domain indices."""

    def __init__(self, domains):
        self.domains = np.asarray(domains)

    def __len__(self):
        return len(self.domains)

    def get_domain_indices(self):
        return self.domains


def _on(rank, world, dataset, **kw):
    with mock.patch.object(
            domain_stratified_sampler, 'get_dist_info',
            return_value=(rank, world)):
        return DomainStratifiedSampler(dataset, **kw)


def _blocks(sampler, n):
    stream = list(islice(iter(sampler), n * sampler.batch_size))
    return [
        stream[i:i + sampler.batch_size]
        for i in range(0, len(stream), sampler.batch_size)
    ]


@pytest.mark.parametrize('replacement', [True, False])
def test_each_block_is_stratified_in_domain_order(replacement):
    data = DomainRecorder([0] * 50 + [1] * 7 + [2] * 20)
    sampler = _on(0, 1, data, per_domain=4, seed=1, replacement=replacement)
    assert sampler.batch_size == 12
    for block in _blocks(sampler, 30):
        assert data.domains[block].tolist() == [0] * 4 + [1] * 4 + [2] * 4
    # deterministic from the seed
    again = _on(0, 1, data, per_domain=4, seed=1, replacement=replacement)
    assert _blocks(again, 5) == _blocks(sampler, 5)


def test_without_replacement_a_sample_repeats_after_its_domain():
    data = DomainRecorder([0] * 6 + [1] * 9)
    sampler = _on(0, 1, data, per_domain=3, seed=0, replacement=False)
    drawn = [i for b in _blocks(sampler, 6) for i in b]  # 18 per domain
    counts = Counter(drawn)
    assert all(counts[i] == 3 for i in range(6))
    assert all(counts[i] == 2 for i in range(6, 15))


def test_ranks_take_distinct_blocks_of_one_stream():
    data = DomainRecorder([0] * 30 + [1] * 30)
    full = _blocks(_on(0, 1, data, per_domain=2, seed=5), 6)
    ranks = [
        _blocks(_on(r, 3, data, per_domain=2, seed=5), 2) for r in range(3)
    ]
    for r in range(3):
        assert ranks[r] == full[r::3]


def test_bad_input():
    with pytest.raises(ValueError, match='holds 1 domain'):
        DomainStratifiedSampler(DomainRecorder([0, 0, 0]), 2, seed=0)
    with pytest.raises(ValueError, match='per_domain must be positive'):
        DomainStratifiedSampler(DomainRecorder([0, 1]), 0, seed=0)


def test_in_a_runner_loader_over_rotated_mnist():
    from mmengine.registry import DefaultScope
    from mmengine.runner import Runner
    with DefaultScope.overwrite_default_scope('mmda'):
        loader = Runner.build_dataloader(
            dict(
                batch_size=15,
                num_workers=0,
                dataset=dict(
                    type='MultiDomainDataset',
                    leave_out='75',
                    dataset=dict(
                        type='RotatedMNIST',
                        split='in',
                        env_seed=0,
                        pipeline=[
                            dict(
                                type='PackInputs',
                                meta_keys=('domain', 'domain_idx'))
                        ])),
                sampler=dict(type='DomainStratifiedSampler', per_domain=3)),
            seed=0)
    assert isinstance(loader.dataset, MultiDomainDataset)
    batch = next(iter(loader))
    domains = [s.domain_idx for s in batch['data_samples']]
    assert domains == [0] * 3 + [1] * 3 + [2] * 3 + [3] * 3 + [4] * 3
    assert len(batch['inputs']) == 15
    assert batch['inputs'][0].shape == (1, 28, 28)
