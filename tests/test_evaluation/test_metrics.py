# Copyright (c) mmda contributors. All rights reserved.
"""The metrics on hand-computed cases, alone and under a 2-process
distributed evaluation whose shards are uneven."""
import json
import os.path as osp

import pytest
import torch

from mmda.evaluation import CorruptionError, DomainAccuracy, MeanClassAccuracy


def samples(gts, preds, **fields):
    out = []
    for i, (g, p) in enumerate(zip(gts, preds)):
        s = {'gt_label': torch.tensor([g]), 'pred_label': torch.tensor([p])}
        s.update({k: v[i] for k, v in fields.items()})
        out.append(s)
    return out


def run(metric, data, meta=None):
    metric.dataset_meta = meta
    metric.process(None, data)
    return metric.evaluate(len(data))


def test_mean_class_accuracy_hand_computed():
    # class a: 3 of 4 right, b: 1 of 2, c: 0 of 1
    data = samples([0, 0, 0, 0, 1, 1, 2], [0, 0, 0, 1, 1, 0, 0])
    out = run(
        MeanClassAccuracy(per_class=True), data,
        dict(classes=('a', 'b', 'c', 'd')))
    assert out['accuracy/mean_class'] == pytest.approx((75 + 50 + 0) / 3)
    assert out['accuracy/overall'] == pytest.approx(400 / 7)
    assert out['accuracy/class/a'] == 75 and out['accuracy/class/c'] == 0
    # a class without test samples is not averaged in
    assert out['accuracy/class/d'] != out['accuracy/class/d']  # NaN


def test_mean_class_accuracy_logs_the_table(monkeypatch):
    import mmda.evaluation.metrics.accuracy as acc
    logged = []
    monkeypatch.setattr(acc, 'print_log', lambda m, **k: logged.append(m))
    run(MeanClassAccuracy(), samples([0, 1], [0, 0]),
        dict(classes=('car', 'truck')))
    table = logged[0].splitlines()
    assert table[0] == 'Per-class accuracy:'
    assert table[2].split() == ['car', '1', '100.00']
    assert table[3].split() == ['truck', '1', '0.00']


def test_pred_score_is_used_without_pred_label():
    data = [{
        'gt_label': torch.tensor([1]),
        'pred_score': torch.tensor([0.1, 0.7, 0.2])
    }]
    assert run(MeanClassAccuracy(), data,
               dict(classes=('a', 'b', 'c')))['accuracy/overall'] == 100


def test_domain_accuracy_hand_computed():
    data = samples([0, 1, 2, 0], [0, 1, 0, 1],
                   domain=['photo', 'photo', 'photo', 'sketch'])
    out = run(DomainAccuracy(), data, dict(domains=('sketch', 'photo')))
    assert list(out) == [
        'accuracy/sketch', 'accuracy/photo', 'accuracy/mean_domain',
        'accuracy/overall'
    ]
    assert out['accuracy/photo'] == pytest.approx(200 / 3)
    assert out['accuracy/sketch'] == 0
    assert out['accuracy/mean_domain'] == pytest.approx(100 / 3)
    assert out['accuracy/overall'] == 50


def test_domain_accuracy_names_the_missing_field():
    with pytest.raises(KeyError, match="no 'domain'; add it to PackInputs"):
        DomainAccuracy().process(None, samples([0], [0]))


def test_corruption_error_hand_computed():
    data = samples([0, 1, 2, 3], [0, 0, 2, 0],
                   corruption=['fog', 'fog', 'fog', 'snow'],
                   severity=[1, 1, 2, 1])
    out = run(CorruptionError(), data)
    # fog/1: 50 % error, fog/2: 0 %, snow/1: 100 %
    assert out['corruption/mCE'] == pytest.approx(50)
    assert out['corruption/error/fog'] == pytest.approx(25)
    assert out['corruption/error/snow'] == pytest.approx(100)
    assert out['corruption/error/severity_1'] == pytest.approx(75)
    assert out['corruption/error/severity_2'] == pytest.approx(0)
    assert out['corruption/accuracy'] == pytest.approx(50)


# ------------------------------------------------------------ distributed
N = 11
GTS = [i % 3 for i in range(N)]
PREDS = [0, 1, 2, 0, 0, 0, 2, 1, 2, 0, 2]
DOMAINS = ['a'] * 4 + ['b'] * 7
CORR = [('fog', 1 + i % 2) if i < 6 else ('snow', 1) for i in range(N)]


def make_metrics():
    from mmpretrain.evaluation import Accuracy
    return {
        'overall': Accuracy(topk=(1, )),
        'mean_class': MeanClassAccuracy(),
        'domain': DomainAccuracy(),
        'corruption': CorruptionError(),
    }


def all_samples():
    return samples(
        GTS,
        PREDS,
        domain=DOMAINS,
        corruption=[c for c, _ in CORR],
        severity=[s for _, s in CORR])


def evaluate_shard(indices, batch_size=2):
    data = all_samples()
    metrics = make_metrics()
    out = {}
    for name, metric in metrics.items():
        metric.dataset_meta = dict(classes=('x', 'y', 'z'), domains=('a', 'b'))
        for start in range(0, len(indices), batch_size):
            batch = [data[i] for i in indices[start:start + batch_size]]
            metric.process(None, batch)
        out.update(metric.evaluate(N))
    return out


def _worker(rank, tmp, round_up):
    import torch.distributed as dist
    from mmengine.dataset import DefaultSampler
    dist.init_process_group(
        'gloo', init_method=f'file://{tmp}/pg', rank=rank, world_size=2)
    try:
        sampler = DefaultSampler(
            list(range(N)), shuffle=False, round_up=round_up)
        indices = list(sampler)
        result = evaluate_shard(indices)
        with open(osp.join(tmp, f'rank{rank}.json'), 'w') as f:
            json.dump(dict(indices=indices, metrics=result), f)
    finally:
        dist.destroy_process_group()


@pytest.mark.parametrize('round_up', [False, True])
def test_metrics_exact_under_two_uneven_shards(tmp_path, round_up):
    import torch.multiprocessing as mp
    expected = evaluate_shard(list(range(N)))
    # hand-computed: 7 of 11 right; class 0: 3/4, 1: 2/4, 2: 2/3
    assert expected['accuracy/top1'] == pytest.approx(700 / 11)
    assert expected['accuracy/overall'] == pytest.approx(700 / 11)
    assert expected['accuracy/mean_class'] == pytest.approx(
        (75 + 50 + 200 / 3) / 3)
    # domain a: samples 0-3 all right; b: 3 of 7
    assert expected['accuracy/a'] == 100
    assert expected['accuracy/b'] == pytest.approx(300 / 7)
    # fog/1: samples 0, 2, 4 -> 2 right; fog/2: 1, 3, 5 -> 2 right;
    # snow/1: 6-10 -> 3 right
    assert expected['corruption/mCE'] == pytest.approx(
        (100 / 3 + 100 / 3 + 40) / 3)
    mp.start_processes(
        _worker,
        args=(str(tmp_path), round_up),
        nprocs=2,
        start_method='spawn')
    ranks = [json.load(open(tmp_path / f'rank{r}.json')) for r in (0, 1)]
    sizes = [len(r['indices']) for r in ranks]
    # the shards are uneven (6 and 5) or padded with a repeated sample
    assert sizes == ([6, 6] if round_up else [6, 5])
    got = ranks[0]['metrics']
    assert set(got) == set(expected)
    for key, value in expected.items():
        assert got[key] == pytest.approx(value), key
    # every rank receives rank 0's result
    assert ranks[1]['metrics'] == got
