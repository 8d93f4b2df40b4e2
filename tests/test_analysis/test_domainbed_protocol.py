# Copyright (c) mmda contributors. All rights reserved.
"""DomainBed's protocol: the hyper-parameter draws and the selection rules
against DomainBed's own ``hparams_registry`` and ``model_selection`` where a
checkout is present, the table by hand, and the config plumbing."""
import os.path as osp

import numpy as np
import pytest
from domainbed_peer import domainbed_module, needs_domainbed
from mmengine.config import Config
from tool_runs import REPO

from mmda.analysis.domainbed_protocol import (ALGORITHM_NAMES, METHOD_SPACES,
                                              ORACLE, TEST, VAL, Record, Run,
                                              apply_hparams, draw_hparams,
                                              mean_and_error, results_table,
                                              run_seed, select, sweep_config)


@needs_domainbed
@pytest.mark.parametrize('method', sorted(METHOD_SPACES))
def test_draws_equal_domainbeds(method, monkeypatch):
    # MixStyle and DSU are not DomainBed algorithms: their draws are ERM's
    names = dict(ALGORITHM_NAMES, mixstyle='ERM', dsu='ERM')
    with domainbed_module(monkeypatch, 'hparams_registry') as registry:
        misc = __import__('domainbed.lib.misc', fromlist=['seed_hash'])
        for h, trial in ((0, 0), (1, 0), (2, 1), (7, 2)):
            if h == 0:
                theirs = registry.default_hparams(names[method],
                                                  'RotatedMNIST')
            else:
                theirs = registry.random_hparams(names[method], 'RotatedMNIST',
                                                 misc.seed_hash(h, trial))
            ours = draw_hparams(method, h, trial)
            assert ours == {k: theirs[k] for k in ours}, (method, h)
        # DomainBed's sweep seeds a run with the hash of its cell
        assert run_seed('rotated_mnist', method, 5, 3, 1) == misc.seed_hash(
            'RotatedMNIST', names.get(method), [5], 3,
            1) or method in ('mixstyle', 'dsu')


def _runs(rng):
    """Random records of 2 methods x 2 held-out domains x 3 draws x 2
    trials, 4 validations each."""
    runs = []
    for method in ('erm', 'coral'):
        for held_out in ('0', '1'):
            for h in range(3):
                for t in range(2):
                    records = [
                        Record(step,
                               *rng.uniform(0, 100, 3).round(1))
                        for step in (100, 200, 300, 400)
                    ]
                    runs.append(Run(method, held_out, h, t, records))
    return runs


@needs_domainbed
def test_selection_equals_domainbeds(monkeypatch):
    with domainbed_module(monkeypatch, 'model_selection') as selection:
        query = __import__('domainbed.lib.query', fromlist=['Q'])
        runs = _runs(np.random.RandomState(0))
        # DomainBed's records: env{held out}_out/in, and one training
        # environment's out accuracy (its mean is that one value)
        for rule, method in (('training_domain',
                              selection.IIDAccuracySelectionMethod),
                             ('oracle', selection.OracleSelectionMethod)):
            ours = select(runs, rule)
            for key, value in ours.items():
                m, d, t = key
                test_env = int(d)
                other = 1 - test_env
                records = [{
                    'args':
                    dict(
                        test_envs=[test_env],
                        hparams_seed=r.hparams_seed,
                        trial_seed=t),
                    'step':
                    rec.step,
                    f'env{test_env}_out_acc':
                    rec.oracle,
                    f'env{test_env}_in_acc':
                    rec.test,
                    f'env{other}_out_acc':
                    rec.val,
                } for r in runs if (r.method, r.held_out, r.trial_seed) == key
                           for rec in r.records]
                assert method.sweep_acc(query.Q(records)) == value, (rule, key)


def test_rules_by_hand():
    a = Run('erm', '0', 0, 0, [
        Record(100, 80., 60., 50.),
        Record(200, 90., 55., 40.),
        Record(300, 85., 70., 45.)
    ])
    b = Run('erm', '0', 1, 0, [
        Record(100, 88., 90., 70.),
        Record(200, 70., 65., 30.),
        Record(300, 60., 50., 20.)
    ])
    # best val 90 (a at 200) beats 88 (b at 100)
    assert select([a, b], 'training_domain') == {('erm', '0', 0): 40.}
    # last records: a's oracle 70 beats b's 50
    assert select([a, b], 'oracle') == {('erm', '0', 0): 45.}
    assert select([a, b], 'last') == {('erm', '0', 0): 45.}
    with pytest.raises(ValueError, match='unknown selection rule'):
        select([a], 'lodo')
    with pytest.raises(ValueError, match='no validation record'):
        select([Run('erm', '0', 0, 0, [])], 'last')


def test_table_by_hand():
    mean, err = mean_and_error([50., 60., 70.])
    assert mean == 60. and err == pytest.approx(np.std([50, 60, 70]) / 3**.5)
    selected = {
        ('erm', '0', 0): 50.,
        ('erm', '0', 1): 60.,
        ('erm', '15', 0): 80.,
        ('erm', '15', 1): 80.,
        ('coral', '0', 0): 55.
    }
    table = results_table(
        selected, ['0', '15'], 'Rotated MNIST', methods=['erm', 'coral'])
    lines = table.splitlines()
    assert lines[0] == '**Rotated MNIST**'
    assert lines[2] == '| Algorithm | 0 | 15 | Avg |'
    assert lines[4] == '| erm | 55.0 +/- 3.5 | 80.0 +/- 0.0 | 67.5 |'
    assert lines[5] == '| coral | 55.0 +/- 0.0 | X | X |'


def test_hparams_reach_the_config():
    leaf = osp.join(REPO, 'configs/irm/irm_mnistcnn_5k_rotated_mnist_75.py')
    cfg = Config.fromfile(leaf)
    apply_hparams(
        cfg,
        dict(
            lr=0.01,
            batch_size=8,
            weight_decay=0.0,
            irm_lambda=3.0,
            irm_penalty_anneal_iters=7))
    assert cfg.optim_wrapper.optimizer.lr == 0.01
    assert cfg.train_dataloader.sampler.per_domain == 8
    assert cfg.train_dataloader.batch_size == 8 * 5
    assert cfg.model.dg_losses[0].weight == 3.0
    assert [h.anneal_iters for h in cfg.custom_hooks
            if 'anneal_iters' in h] == [7]
    mixup = Config.fromfile(
        osp.join(REPO,
                 'configs/mixup/mixup_mnistcnn_5k_colored_mnist_plus80.py'))
    apply_hparams(mixup, dict(mixup_alpha=2.0))
    assert mixup.model.data_preprocessor.mixup_alpha == 2.0
    with pytest.raises(KeyError, match="'mldg_beta'"):
        apply_hparams(cfg, dict(mldg_beta=1.0))
    with pytest.raises(ValueError, match="'groupdro_eta'.*0 DG losses"):
        apply_hparams(mixup, dict(groupdro_eta=0.1))


def test_sweep_config_records_three_accuracies():
    leaf = osp.join(REPO, 'configs/erm/erm_mnistcnn_5k_rotated_mnist_75.py')
    cfg = sweep_config(Config.fromfile(leaf), trial_seed=2)
    assert cfg.train_dataloader.dataset.dataset.trial_seed == 2
    assert cfg.test_dataloader.dataset.trial_seed == 2
    assert cfg.val_cfg.prefix == VAL
    oracle, test = cfg.val_cfg.evaluations
    assert oracle.prefix == ORACLE and oracle.dataloader.dataset.split == 'out'
    assert test.prefix == TEST and test.dataloader.dataset.split == 'in'
    assert oracle.dataloader.dataset.domain == '75'
    assert cfg.default_hooks.checkpoint.save_best is None
