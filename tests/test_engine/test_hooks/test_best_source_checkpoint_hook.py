# Copyright (c) mmda contributors. All rights reserved.
"""BestSourceCheckpointHook: SHOT's best-on-source-validation rule, end to
end through the Runner on the real embedded-digits SHOT config."""
import os.path as osp

import pytest
import torch
from config_path import config_path
from mmengine.config import Config
from mmengine.runner import Runner

from mmda.engine.hooks import BestSourceCheckpointHook


def _source_cfg(tmp_path, **train_cfg):
    cfg = Config.fromfile(
        config_path('shot', 'shot_source_lenet_2k_digits_uci'))
    cfg.work_dir = str(tmp_path)
    cfg.train_cfg.update({**dict(max_iters=12, val_interval=3), **train_cfg})
    cfg.train_dataloader.batch_size = 8
    cfg.val_dataloader.batch_size = 128
    cfg.default_hooks.checkpoint.interval = 12
    cfg.default_hooks.logger.interval = 1
    cfg.randomness = dict(seed=0)
    cfg.launcher = 'none'
    return cfg


def test_digits_shot_source_configs_keep_the_best_source_model():
    for name in ('shot_source_lenet_2k_digits_uci',
                 'shot_source_lenet_2k_digits_mnist5k'):
        cfg = Config.fromfile(config_path('shot', name))
        hook = cfg.default_hooks.checkpoint
        assert hook.type is BestSourceCheckpointHook, name
        # validated 10 times, as SHOT's train_source (max_iter // 10)
        assert cfg.train_cfg.max_iters // cfg.train_cfg.val_interval == 10
    stage2 = Config.fromfile(
        config_path('shot', 'shot_lenet_30e_digits_uci2mnist5k'))
    assert stage2.load_from.endswith(
        'shot_source_lenet_2k_digits_uci/best_source.pth')


def test_best_source_checkpoint_is_the_best_validated_model(tmp_path):
    runner = Runner.from_cfg(_source_cfg(tmp_path))
    scores = []
    hook = next(
        h for h in runner.hooks if isinstance(h, BestSourceCheckpointHook))
    save_best = hook._save_best_checkpoint

    def record(runner, metrics):
        scores.append((runner.iter, metrics['accuracy/top1']))
        save_best(runner, metrics)

    hook._save_best_checkpoint = record
    runner.train()
    assert [it for it, _ in scores] == [3, 6, 9, 12]
    best = max(s for _, s in scores)
    # ties go to the later model, as SHOT's `acc_s_te >= acc_init`
    best_iter = max(it for it, s in scores if s == best)
    ckpt = torch.load(
        osp.join(tmp_path, 'best_source.pth'),
        map_location='cpu',
        weights_only=False)
    assert ckpt['meta']['iter'] == best_iter
    named = torch.load(
        osp.join(tmp_path, f'best_accuracy_top1_iter_{best_iter}.pth'),
        map_location='cpu',
        weights_only=False)
    for key, value in named['state_dict'].items():
        assert torch.equal(value, ckpt['state_dict'][key]), key
    assert osp.isfile(osp.join(tmp_path, 'iter_12.pth'))  # last kept too


def test_no_source_validation_split_fails_at_start_up(tmp_path):
    cfg = _source_cfg(tmp_path)
    cfg.val_dataloader = None
    cfg.val_cfg = None
    cfg.val_evaluator = None
    runner = Runner.from_cfg(cfg)
    with pytest.raises(
            ValueError,
            match=r'source validation split.*'
            r'val_dataloader.*shot_source_lenet_2k_digits'):
        runner.train()
    assert runner.iter == 0
    assert not osp.exists(osp.join(tmp_path, 'best_source.pth'))


def test_validation_interval_beyond_the_run_fails_at_start_up(tmp_path):
    runner = Runner.from_cfg(_source_cfg(tmp_path, val_interval=50))
    with pytest.raises(
            ValueError,
            match=r'val_interval=50 is longer than '
            r'the run \(12 iterations\)'):
        runner.train()
    assert runner.iter == 0


def test_save_best_and_rule_are_not_arguments():
    with pytest.raises(ValueError, match="do not pass 'rule'"):
        BestSourceCheckpointHook(interval=1, rule='less')
