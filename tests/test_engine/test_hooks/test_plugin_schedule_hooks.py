# Copyright (c) mmda contributors. All rights reserved.
"""CrossNorm activation and RSC curriculum hooks, in real runs."""
import os.path as osp
import random
import uuid

import pytest
import torch
from mmengine.config import Config
from mmengine.hooks import Hook
from mmengine.runner import Runner
from tool_runs import REPO

from mmda.engine.hooks import choose_active, rsc_batch_percent
from mmda.models import plugin_layers
from mmda.models.layers import RSC, CrossNorm
from mmda.utils import trusted_local_checkpoints

CNSN_RSC_CFG = osp.join(REPO, 'tests/data/cnsn_rsc_digits-mnist5k.py')


def plugin_cfg(work_dir, max_iters=4, **options):
    cfg = Config.fromfile(CNSN_RSC_CFG)
    cfg.merge_from_dict({
        'work_dir': str(work_dir),
        'experiment_name': f'test-{uuid.uuid4().hex[:8]}',
        'train_cfg.max_iters': max_iters,
        'train_dataloader.batch_size': 8,
        'param_scheduler.0.end': max_iters,
        'default_hooks.checkpoint.interval': 1,
        'default_hooks.checkpoint.max_keep_ckpts': -1,
        'default_hooks.logger.interval': 1,
        'val_cfg': None,
        'val_dataloader': None,
        'val_evaluator': None,
        **options
    })
    for hook in cfg.custom_hooks:
        if 'CrossNormActivationHook' in str(hook['type']):
            hook['cn_prob'] = 0.7
    return cfg


class _Record(Hook):
    priority = 'LOW'  # after the schedule hooks

    def __init__(self):
        self.states = {}

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        layers = plugin_layers(runner.model)
        self.states[runner.iter] = (tuple(m.active
                                          for m in runner.model.modules()
                                          if isinstance(m, CrossNorm)), [
                                              m.batch_percent for m in layers
                                              if isinstance(m, RSC)
                                          ][0])


def test_choose_active():
    rng = random.Random(0)
    draws = [choose_active(4, 0.5, 2, rng) for _ in range(400)]
    used = [d for d in draws if d]
    assert all(len(d) == 2 and len(set(d)) == 2 for d in used)
    assert 160 < len(used) < 240
    assert choose_active(4, 0.0, 1, rng) == []
    assert len(choose_active(4, 1.0, 3, rng)) == 3


def test_rsc_batch_percent_curriculum():
    # The official code: 0.3, 0.5, 0.7 over epochs 0-9, 10-19, 20-29.
    values = [rsc_batch_percent(e, 0.3, 0.2, 10, 1.0) for e in range(30)]
    assert values[:10] == [0.3] * 10
    assert values[10:20] == pytest.approx([0.5] * 10)
    assert values[20:] == pytest.approx([0.7] * 10)
    assert rsc_batch_percent(100, 0.3, 0.2, 10, 0.9) == 0.9


def test_resumed_run_continues_both_schedules(tmp_path):
    full = _Record()
    runner = Runner.from_cfg(plugin_cfg(tmp_path / 'full', max_iters=4))
    runner.register_hook(full)
    runner.train()
    # One CrossNorm at most per iteration, and on for that iteration only.
    assert all(sum(cn) <= 1 for cn, _ in full.states.values())
    assert any(sum(cn) == 1 for cn, _ in full.states.values())
    assert not any(m.active
                   for m in runner.model.modules() if isinstance(m, CrossNorm))
    # interval 2 iterations, 0.1 + 0.2 per interval.
    assert [p for _, p in full.states.values()
            ] == pytest.approx([0.1, 0.1, 0.3, 0.3])
    assert runner.message_hub.get_scalar('train/rsc_batch_percent')
    assert runner.message_hub.get_scalar('train/cn_active')

    Runner.from_cfg(plugin_cfg(tmp_path / 'part', max_iters=2)).train()
    resumed = _Record()
    cfg = plugin_cfg(
        tmp_path / 'part',
        max_iters=4,
        resume=True,
        load_from=str(tmp_path / 'part' / 'iter_2.pth'))
    runner = Runner.from_cfg(cfg)
    runner.register_hook(resumed)
    with trusted_local_checkpoints():  # as tools/train.py resumes
        runner.train()
    assert sorted(resumed.states) == [2, 3]
    for i in (2, 3):
        assert resumed.states[i] == full.states[i], i


def test_plugin_parameters_are_saved_and_load_back(tmp_path):
    runner = Runner.from_cfg(plugin_cfg(tmp_path / 'a', max_iters=2))
    model = runner.model
    initial = {
        k: v.clone()
        for k, v in model.state_dict().items() if k.startswith('mmda_plug')
    }
    runner.train()
    trained = {k: v for k, v in model.state_dict().items() if k in initial}
    gates = [k for k in initial if k.endswith('g.fc.weight')]
    assert len(gates) == 2
    assert all(not torch.equal(initial[k], trained[k]) for k in gates)
    ckpt = torch.load(
        tmp_path / 'a' / 'iter_2.pth', map_location='cpu', weights_only=False)
    for k in initial:
        torch.testing.assert_close(ckpt['state_dict'][k], trained[k])
    # The same plugged config loads the checkpoint, plugin weights included.
    cfg = plugin_cfg(
        tmp_path / 'b', max_iters=2, load_from=str(tmp_path / 'a/iter_2.pth'))
    runner = Runner.from_cfg(cfg)
    with trusted_local_checkpoints():
        runner.load_or_resume()
    loaded = runner.model.state_dict()
    for k in initial:
        torch.testing.assert_close(loaded[k], trained[k])
