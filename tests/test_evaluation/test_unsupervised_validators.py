# Copyright (c) mmda contributors. All rights reserved.
import json
import os.path as osp
from collections.abc import Mapping

import pytest
import torch

from mmda.evaluation import (BNMValidator, EntropyValidator, IMValidator,
                             SNDValidator, UnsupervisedValidators)
from mmda.evaluation.functional import (batch_nuclear_norm,
                                        information_maximization,
                                        prediction_entropy,
                                        soft_neighborhood_density)
from mmda.registry import METRICS

N, C = 11, 4


def probs():
    g = torch.Generator().manual_seed(0)
    return torch.softmax(2 * torch.randn(N, C, generator=g), dim=1)


def samples(with_labels=False):
    out = []
    for i, p in enumerate(probs()):
        s = dict(sample_idx=i, pred_score=p, pred_label=p.argmax())
        if with_labels:
            s['gt_label'] = torch.tensor([i % C])
        out.append(s)
    return out


def evaluate(metric, indices, data=None, batch_size=3):
    data = samples() if data is None else data
    for start in range(0, len(indices), batch_size):
        batch = indices[start:start + batch_size]
        metric.process(None, [data[i] for i in batch])
    return metric.evaluate(N)


def expected():
    p = probs()
    return dict(
        entropy=prediction_entropy(p),
        im=information_maximization(p),
        bnm=batch_nuclear_norm(p),
        snd=soft_neighborhood_density(p))


def test_values_match_the_functions():
    got = evaluate(UnsupervisedValidators(), list(range(N)))
    assert list(got) == ['entropy', 'im', 'bnm', 'snd']
    assert got == pytest.approx(expected())
    for cls, key in ((EntropyValidator, 'entropy'), (IMValidator, 'im'),
                     (BNMValidator, 'bnm'), (SNDValidator, 'snd')):
        metric = METRICS.build(dict(type=cls.__name__))
        assert evaluate(metric, list(range(N))) == pytest.approx(
            {key: expected()[key]})


def test_order_and_duplicates_do_not_matter_but_missing_samples_do():
    # a shuffled loader that repeats samples gives the same scores
    order = [5, 3, 0, 10, 1, 2, 4, 6, 7, 8, 9, 5, 0]
    assert evaluate(UnsupervisedValidators(),
                    order) == pytest.approx(expected())
    with pytest.raises(RuntimeError, match=r'10 distinct samples of 11'):
        evaluate(UnsupervisedValidators(), list(range(N - 1)))


def test_prefix_names_and_rules():
    metric = UnsupervisedValidators(
        validators=['snd', 'entropy'], prefix='val')
    assert metric.metric_names() == ['val/snd', 'val/entropy']
    assert metric.metric_rules() == {
        'val/snd': 'greater',
        'val/entropy': 'less'
    }
    got = evaluate(metric, list(range(N)))
    assert set(got) == {'val/snd', 'val/entropy'}


def test_unknown_validator_lists_the_available_ones():
    with pytest.raises(KeyError, match='sndd.*entropy, im, bnm, snd'):
        UnsupervisedValidators(validators=['sndd'])
    with pytest.raises(ValueError, match='no validator given'):
        UnsupervisedValidators(validators=[])


class NoLabelSample(Mapping):
    """A data sample that fails the test if a label is read."""

    def __init__(self, data, read):
        self.data = data
        self.read = read

    def __getitem__(self, key):
        self.read.append(key)
        if key.startswith('gt_'):
            raise AssertionError(f'label {key} was read')
        return self.data[key]

    def __iter__(self):
        raise AssertionError('the sample was iterated: every key, labels '
                             'included, would be read')

    def __len__(self):
        return len(self.data)


def test_labels_given_are_never_read():
    read = []
    data = [NoLabelSample(s, read) for s in samples(with_labels=True)]
    got = evaluate(UnsupervisedValidators(), list(range(N)), data)
    assert got == pytest.approx(expected())
    assert set(read) == {'pred_score', 'sample_idx'}
    # labels or none, the same scores
    assert evaluate(UnsupervisedValidators(), list(range(N)),
                    samples(with_labels=True)) == got


def test_empty_and_one_class_splits_raise():
    with pytest.raises(ValueError, match='empty'):
        UnsupervisedValidators().evaluate(0)
    metric = UnsupervisedValidators()
    metric.process(
        None, [dict(sample_idx=i, pred_score=torch.ones(1)) for i in range(3)])
    with pytest.raises(ValueError, match='1 class'):
        metric.evaluate(3)
    with pytest.raises(KeyError, match='pred_score'):
        UnsupervisedValidators().process(None, [dict(sample_idx=0)])


def _worker(rank, tmp):
    import torch.distributed as dist
    from mmengine.dataset import DefaultSampler
    dist.init_process_group(
        'gloo', init_method=f'file://{tmp}/pg', rank=rank, world_size=2)
    try:
        # shuffled, padded shards: rank order is not dataset order
        sampler = DefaultSampler(
            list(range(N)), shuffle=True, seed=3, round_up=True)
        indices = list(sampler)
        result = evaluate(UnsupervisedValidators(), indices)
        with open(osp.join(tmp, f'rank{rank}.json'), 'w') as f:
            json.dump(dict(indices=indices, metrics=result), f)
    finally:
        dist.destroy_process_group()


def test_two_processes_give_the_single_process_value(tmp_path):
    import torch.multiprocessing as mp
    single = evaluate(UnsupervisedValidators(), list(range(N)))
    mp.start_processes(
        _worker, args=(str(tmp_path), ), nprocs=2, start_method='spawn')
    ranks = [json.load(open(tmp_path / f'rank{r}.json')) for r in (0, 1)]
    shards = [r['indices'] for r in ranks]
    assert [len(s) for s in shards] == [6, 6]  # one sample seen twice
    assert sorted(set(shards[0] + shards[1])) == list(range(N))
    assert shards[0] + shards[1] != list(range(N + 1))
    for r in ranks:
        assert r['metrics'] == pytest.approx(single)
