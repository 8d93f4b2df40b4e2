# Copyright (c) mmda contributors. All rights reserved.
"""Tiny in-process runs of real configs, shared by the hook tests."""
import os.path as osp
import uuid

from mmengine.config import Config
from mmengine.runner import Runner
from tool_runs import DANN_CFG, REPO

from mmda.engine.hooks import AtomicCheckpointHook

DG_CFG = osp.join(REPO, 'configs/cnsn/cnsn_lenet_500i_digits_mnist5k.py')


def dg_cfg(work_dir, max_iters=5):
    """The CNSN digits DG config, tiny, a checkpoint each iteration."""
    cfg = Config.fromfile(DG_CFG)
    cfg.merge_from_dict({
        'work_dir': str(work_dir),
        'experiment_name': f'test-{uuid.uuid4().hex[:8]}',
        'train_cfg.max_iters': max_iters,
        'train_cfg.val_interval': 1000,
        'train_dataloader.batch_size': 8,
        'param_scheduler.0.end': max_iters,
        'default_hooks.checkpoint.interval': 1,
        'default_hooks.checkpoint.max_keep_ckpts': -1,
        'default_hooks.logger.interval': 1,
        'val_cfg': None,
        'val_dataloader': None,
        'val_evaluator': None,
    })
    return cfg


def assert_last_checkpoint_is(work_dir, it):
    """``iter_{it}.pth`` is the last checkpoint written, and the pointer
    names it."""
    assert osp.isfile(work_dir / f'iter_{it}.pth')
    assert not osp.exists(work_dir / f'iter_{it + 1}.pth')
    with open(work_dir / 'last_checkpoint') as f:
        assert f.read().strip().endswith(f'iter_{it}.pth')


def dann_runner(work_dir, max_iters, max_keep_ckpts):
    """A Runner of the DANN digits config, tiny, a checkpoint each
    iteration, no validation."""
    cfg = Config.fromfile(DANN_CFG)
    cfg.merge_from_dict({
        'work_dir': str(work_dir),
        'experiment_name': f'test-{uuid.uuid4().hex[:8]}',
        'train_cfg.max_iters': max_iters,
        'param_scheduler.0.end': max_iters,
        'train_dataloader.batch_size': 4,
        'target_dataloader.batch_size': 4,
        'default_hooks.checkpoint.interval': 1,
        'default_hooks.checkpoint.max_keep_ckpts': max_keep_ckpts,
        'val_cfg': None,
        'val_dataloader': None,
        'val_evaluator': None,
    })
    runner = Runner.from_cfg(cfg)
    # the default runtime's checkpoint hook
    assert any(isinstance(h, AtomicCheckpointHook) for h in runner.hooks)
    return runner
