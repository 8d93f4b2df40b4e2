# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch
from mmengine.logging import MMLogger

from mmda.evaluation import PredictionCollapse


def _samples(preds, labels, corruption, severity=5):
    return [
        dict(
            pred_label=torch.tensor([p]),
            gt_label=torch.tensor([y]),
            corruption=corruption,
            severity=severity) for p, y in zip(preds, labels)
    ]


def _evaluate(metric, batches):
    for batch in batches:
        metric.process(None, batch)
    return metric.evaluate(sum(len(b) for b in batches))


def test_flags_the_collapsed_domains_by_name(capsys):
    MMLogger.get_instance('test_prediction_collapse')  # print_log's current
    labels = list(range(10)) * 2
    healthy = _samples([(y + 1) % 10 for y in labels], labels, 'fog')
    collapsed = _samples([3] * 19 + [4], labels, 'snow')
    metric = PredictionCollapse()
    metrics = _evaluate(metric, [healthy, collapsed])
    logged = capsys.readouterr()
    assert 'COLLAPSED: 1 of 2 domains' in logged.out + logged.err
    assert 'snow/5 (95.0% class 3)' in logged.out + logged.err
    assert metrics['collapse/domains'] == 1
    assert metrics['collapse/max_share'] == pytest.approx(95.0)
    assert metrics['collapse/max_share_expected'] == pytest.approx(10.0)


def test_a_one_class_test_set_is_not_a_collapse():
    metric = PredictionCollapse(domain_keys=('corruption', ))
    metrics = _evaluate(metric, [_samples([2] * 8, [2] * 8, 'fog')])
    assert metrics['collapse/domains'] == 0
    assert metrics['collapse/max_share'] == 100.0


def test_bad_settings_and_samples():
    with pytest.raises(ValueError, match='max_share'):
        PredictionCollapse(max_share=0)
    metric = PredictionCollapse(domain_keys=('domain', ))
    with pytest.raises(KeyError, match="no 'domain'"):
        metric.process(None, _samples([1], [1], 'fog'))
