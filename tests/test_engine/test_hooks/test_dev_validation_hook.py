# Copyright (c) mmda contributors. All rights reserved.
import glob
import math
import os.path as osp
import uuid

import pytest
from mmengine.config import Config
from mmengine.runner import Runner
from tool_runs import REPO

TARGET_VAL_CFG = osp.join(
    REPO, 'mmda/configs/dann/dann_lenet_2k_digits_uci2mnist5k_target_val.py')


def test_dev_is_logged_and_selects_checkpoints(tmp_path):
    from mmda.engine.hooks import DEVHook
    cfg = Config.fromfile(TARGET_VAL_CFG)
    cfg.merge_from_dict({
        'work_dir': str(tmp_path),
        'experiment_name': f'test-{uuid.uuid4().hex[:8]}',
        'train_cfg.max_iters': 2,
        'train_cfg.val_interval': 2,
        'param_scheduler.0.end': 2,
        'train_dataloader.batch_size': 8,
        'target_dataloader.batch_size': 8,
        'val_dataloader.dataset.indices': 40,
        'val_cfg.evaluations.0.dataloader.dataset.indices': 40,
        'default_hooks.checkpoint.save_best': 'target_unlabeled/dev',
        'default_hooks.checkpoint.rule': 'less',
    })

    def loader(dataset):
        return dict(cfg.val_dataloader, dataset=dict(dataset, indices=48))

    hook = DEVHook(
        source_dataloader=loader(cfg.train_dataloader.dataset),
        source_val_dataloader=loader(cfg.val_dataloader.dataset),
        target_dataloader=loader(cfg.target_dataloader.dataset),
        decays=(1e-3, 1e-2))
    runner = Runner.from_cfg(cfg)
    runner.register_hook(hook)
    runner.train()
    logged = runner.message_hub.log_scalars['val/target_unlabeled/dev']
    value = logged.current()
    assert math.isfinite(value)
    # the model has not changed since the last validation
    assert hook.dev_risk(runner.model) == pytest.approx(value)
    assert glob.glob(osp.join(tmp_path, 'best_target_unlabeled_dev_*.pth'))
    assert hook.metric_rules() == {'target_unlabeled/dev': 'less'}
