# Copyright (c) mmda contributors. All rights reserved.
"""The DomainBed runner's model selection is DomainBed's
(``domainbed/model_selection.py``): training-domain validation picks a
checkpoint, the oracle (test-domain validation) takes the last one."""
import pytest
from domainbed_peer import domainbed_module, needs_domainbed

from benchmarks.peers.domainbed_mnist import select


def _records():
    """Four checkpoints of a run with test environment 2 of 0..2, where the
    training domains' ``out`` accuracy peaks at step 100 (tied at 300), the
    test domain's at step 200, and the last is step 300."""
    rows = [
        # step, env0_out, env1_out, env2_out, env2_in
        (0, 0.1, 0.1, 0.1, 0.11),
        (100, 0.8, 0.9, 0.5, 0.52),
        (200, 0.8, 0.8, 0.9, 0.93),
        (300, 0.9, 0.8, 0.6, 0.61),
    ]
    return [
        dict(
            step=step,
            env0_in_acc=0.5,
            env1_in_acc=0.5,
            env2_in_acc=test_in,
            env0_out_acc=o0,
            env1_out_acc=o1,
            env2_out_acc=o2,
            args=dict(test_envs=[2], hparams_seed=0))
        for step, o0, o1, o2, test_in in rows
    ]


def test_selection_rules_by_hand():
    got = select(_records(), test_env=2)
    # the first of the equal maxima (steps 100 and 300, 0.85)
    assert got['training_domain'] == pytest.approx(52.0)
    assert got['training_domain_step'] == 100
    # the oracle allows no early stopping: the last checkpoint
    assert got['oracle'] == pytest.approx(61.0)
    assert got['oracle_val'] == pytest.approx(60.0)
    assert got['last'] == pytest.approx(61.0)
    # the test domain's out accuracy choosing the step is no DomainBed rule
    assert got['test_domain_early_stopping'] == pytest.approx(93.0)
    assert got['test_domain_early_stopping_step'] == 200


@needs_domainbed
def test_selection_is_domainbeds(monkeypatch):
    records = _records()
    got = select(records, test_env=2)
    with domainbed_module(monkeypatch, 'model_selection') as selection:
        from domainbed.lib.query import Q
        iid = selection.IIDAccuracySelectionMethod.run_acc(Q(records))
        oracle = selection.OracleSelectionMethod.run_acc(Q(records))
    assert got['training_domain'] == pytest.approx(100 * iid['test_acc'])
    assert got['oracle'] == pytest.approx(100 * oracle['test_acc'])
    assert got['oracle_val'] == pytest.approx(100 * oracle['val_acc'])
