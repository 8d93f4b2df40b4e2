# Copyright (c) mmda contributors. All rights reserved.
"""Exact resume for every loop mmda's configs use: a run resumed from a
checkpoint ends with the weights and logged loss of the uninterrupted run,
bit for bit, in one process and in two (gloo)."""

import glob
import json

import pytest
import torch
import torch.multiprocessing as mp
from composition import compose, quick_pretty_text, resume_matches, train
from dist_env import free_port, join_group
from mmengine.config import Config

from mmda.engine.runner import ExactResumeEpochLoop


@pytest.fixture(autouse=True)
def _fast_config_text(monkeypatch):
    quick_pretty_text(monkeypatch)


def test_epoch_based_dg_resumes_exactly_across_validation(tmp_path):
    # The ResNet DG configs' loop, on the digits ERM model: 3 epochs of 2
    # iterations, validating (which draws a loader seed from torch's
    # generator) after each, resumed from the checkpoint of epoch 2.
    options = {
        'train_cfg':
        dict(_delete_=True, type=ExactResumeEpochLoop, max_epochs=3),
        'train_dataloader.sampler': dict(type='DefaultSampler', shuffle=True),
        'train_dataloader.dataset.indices': 8,
        'param_scheduler.0.end': 6,
        'default_hooks.checkpoint.by_epoch': True,
        'log_processor.by_epoch': True,
    }
    cfg = compose('erm', None, tmp_path / 'full', **options)
    base = Config.fromfile(cfg.filename)
    cfg.val_cfg = dict()
    cfg.val_dataloader = base.val_dataloader
    cfg.val_evaluator = base.val_evaluator
    cfg.val_dataloader.dataset.indices = 8
    full, full_loss = train(cfg)
    resumed_cfg = Config(cfg.to_dict())
    resumed_cfg.merge_from_dict({
        'work_dir':
        str(tmp_path / 'resumed'),
        'experiment_name':
        cfg.experiment_name + '-resumed',
        'resume':
        True,
        'load_from':
        str(tmp_path / 'full' / 'epoch_2.pth')
    })
    resumed, resumed_loss = train(resumed_cfg)
    assert full.iter == resumed.iter == 6
    a, b = full.model.state_dict(), resumed.model.state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert resumed_loss == full_loss
    # and resuming restored the saved generators: without them the
    # dropout masks of epoch 3 differ
    saved = torch.load(tmp_path / 'full' / 'epoch_2.pth', weights_only=False)
    assert 'rng_state' in saved['message_hub']['runtime_info']


def test_iter_based_resume_runs_the_validation_its_checkpoint_was_due(
        tmp_path):
    # DomainBed's ERM leaf: 4 iterations validating every 2 and keeping the
    # best; the checkpoint of iteration 2 is written just before that
    # iteration's validation, which the resumed run must still run
    def config(work_dir, **resume):
        cfg = compose('erm_domainbed', None, work_dir, iters=4)
        base = Config.fromfile(cfg.filename)
        cfg.val_cfg = dict()
        cfg.val_dataloader = base.val_dataloader
        cfg.val_dataloader.dataset.dataset.indices = 40
        cfg.val_evaluator = base.val_evaluator
        cfg.train_cfg.val_interval = 2
        cfg.default_hooks.checkpoint.update(
            save_best='accuracy/top1', rule='greater')
        cfg.merge_from_dict(resume)
        return cfg

    full, _ = train(config(tmp_path / 'full'))
    resumed, _ = train(
        config(
            tmp_path / 'resumed',
            resume=True,
            load_from=str(tmp_path / 'full' / 'iter_2.pth')))
    (log, ) = glob.glob(
        str(tmp_path / 'resumed' / '*' / 'vis_data' / 'scalars.json'))
    with open(log) as f:
        steps = [r['step'] for r in map(json.loads, f) if 'accuracy/top1' in r]
    assert len(steps) == 2  # iterations 2 and 4 (logged by epoch: 0)
    assert (resumed.message_hub.get_info('best_score') ==
            full.message_hub.get_info('best_score'))
    a, b = full.model.state_dict(), resumed.model.state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)


def _worker(rank, port, work_dir, stage1, results):
    join_group(rank, port)
    import pathlib

    from mmda.utils import setup_distributed
    Config.pretty_text = property(lambda self: repr(self._cfg_dict))
    # gloo on CPUs: the DDP wrapper pins no device
    dist = dict(
        launcher='pytorch',
        model_wrapper_cfg=dict(
            type='MMDistributedDataParallel', device_ids=None))
    setup_distributed('pytorch', compose('dann', None, work_dir, **dist))
    work_dir = pathlib.Path(work_dir)
    for name, method, options, iters, at in (
        ('uda', 'dann', {}, 3, 2),
        ('dg', 'erm', {}, 3, 2),
            # batches of 2 on 2 ranks: epochs of 2 iterations
        ('shot', 'shot_target',
         dict(load_from=stage1, **{'train_dataloader.batch_size': 2}), 4, 3)):
        full = resume_matches(method, 'rsc' if name != 'dg' else 'cnsn',
                              work_dir / name, iters, at, **dist, **options)
        results[(rank, name)] = {
            k: v.detach().clone()
            for k, v in full.model.module.named_parameters()
        }


def test_two_processes_resume_exactly(tmp_path):
    # stage 1 of SHOT (with RSC) in this process, for the target stage
    train(compose('shot_source', 'rsc', tmp_path / 'stage1', iters=1))
    results = mp.Manager().dict()
    mp.start_processes(
        _worker,
        args=(free_port(), str(tmp_path),
              str(tmp_path / 'stage1' / 'iter_1.pth'), results),
        nprocs=2,
        join=True,
        start_method='spawn')
    # each rank resumed exactly (asserted in the workers), and DDP kept
    # the ranks' parameters identical (BatchNorm's running statistics are
    # each rank's own: mmengine does not broadcast buffers)
    for name in ('uda', 'dg', 'shot'):
        a, b = results[(0, name)], results[(1, name)]
        assert all(torch.equal(a[k], b[k]) for k in a), name
