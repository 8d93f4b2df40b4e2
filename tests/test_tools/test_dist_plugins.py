# Copyright (c) mmda contributors. All rights reserved.
"""CNSN and RSC under 2-process gloo training (tools/dist_train.sh)."""
import os.path as osp
import sys

import torch
from dist_env import free_port
from tool_runs import REPO, run_tool

CNSN_RSC_CFG = osp.join(REPO, 'tests/data/cnsn_rsc_digits-mnist5k.py')


def test_two_process_gloo_training_with_plugins(tmp_path):
    proc = run_tool([
        'bash', 'tools/dist_train.sh', CNSN_RSC_CFG, '2', '--work-dir',
        str(tmp_path), '--cfg-options', 'train_cfg.max_iters=3',
        'train_dataloader.batch_size=8', 'param_scheduler.0.end=3',
        'default_hooks.logger.interval=1', 'val_cfg=None',
        'val_dataloader=None', 'val_evaluator=None'
    ],
                    env=dict(PYTHON=sys.executable, PORT=str(free_port())),
                    timeout=300)
    log = proc.stdout + proc.stderr
    assert 'Distributed launcher: pytorch' in log or 'world_size: 2' in log
    assert 'Iter(train) [3/3]' in log
    assert 'rsc_batch_percent' in log and 'cn_active' in log
    ckpt = torch.load(
        tmp_path / 'iter_3.pth', map_location='cpu', weights_only=False)
    # DDP's wrapper is not saved: the plugin keys are the plain model's.
    assert any(
        k.startswith('mmda_plugins.backbone_features_2_after.sn.')
        for k in ckpt['state_dict'])
