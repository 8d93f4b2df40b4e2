# Copyright (c) mmda contributors. All rights reserved.
import importlib.util
import os.path as osp

import pytest
from tool_runs import DANN_CFG, REPO

SHOT_CFG = osp.join(REPO,
                    'mmda/configs/shot/shot_lenet_30e_digits_uci2mnist5k.py')


def _tool():
    path = osp.join(REPO, 'tools', 'analysis_tools', 'hparam_sweep.py')
    spec = importlib.util.spec_from_file_location('_hparam_sweep', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_grid_parsing():
    tool = _tool()
    assert tool.parse_grid(['a.lr=0.01,0.03', 'model.beta=0,0.3']) == {
        'a.lr': [0.01, 0.03],
        'model.beta': [0, 0.3]
    }
    with pytest.raises(ValueError, match='KEY=V1,V2'):
        tool.parse_grid(['a.lr'])


def test_uda_run_config(tmp_path):
    cfg = _tool().sweep_config(DANN_CFG, {
        'optim_wrapper.optimizer.lr': 0.03,
        'model.da_losses.0.loss_weight': 0.3
    }, 1, str(tmp_path), {'train_cfg.max_iters': 40})
    assert cfg.optim_wrapper.optimizer.lr == 0.03
    assert cfg.model.da_losses[0].loss_weight == 0.3
    assert cfg.randomness.seed == 1 and cfg.train_cfg.max_iters == 40
    assert 'MultiValLoop' in str(cfg.val_cfg.type)
    assert cfg.val_cfg.prefix == 'source'
    target, oracle = cfg.val_cfg.evaluations
    # validators see the target training split, wrapped (no keep_labels)
    assert target['prefix'] == 'target_unlabeled'
    assert 'keep_labels' not in target
    assert target['dataloader']['dataset'] == \
        cfg.target_dataloader.dataset
    # the labelled target test split is measured, under its own prefix
    assert oracle['prefix'] == 'oracle_target_test'
    assert oracle['keep_labels'] is True
    assert oracle['dataloader'] == cfg.test_dataloader
    assert cfg.default_hooks.logger.log_metric_by_epoch is False
    assert cfg.default_hooks.checkpoint.save_best is None


def test_source_free_run_config_and_seed_in_options(tmp_path):
    cfg = _tool().sweep_config(SHOT_CFG, {'model.beta': 0.0}, 2, str(tmp_path),
                               {'load_from': 'src/seed{seed}/iter_400.pth'})
    assert cfg.load_from == 'src/seed2/iter_400.pth'
    assert cfg.model.beta == 0.0
    assert cfg.val_cfg.prefix == 'target_unlabeled'
    assert cfg.val_cfg.unlabeled is True
    # the (unlabelled) training set of the target, in order, every sample
    assert cfg.val_dataloader.dataset == cfg.train_dataloader.dataset
    assert cfg.val_dataloader.sampler == dict(
        type='DefaultSampler', shuffle=False)
    assert cfg.val_dataloader is not None
    assert [e['prefix']
            for e in cfg.val_cfg.evaluations] == ['oracle_target_test']
