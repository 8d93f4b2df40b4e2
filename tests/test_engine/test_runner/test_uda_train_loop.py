# Copyright (c) mmda contributors. All rights reserved.
import os.path as osp
import uuid

import pytest
import torch
from mmengine.config import Config
from mmengine.hooks import Hook
from mmengine.runner import Runner
from tool_runs import DANN_CFG, SOURCE_ONLY_CFG

from mmda.engine.runner.uda_train_loop import check_same_classes


def tiny_cfg(config, work_dir, max_iters=4, **options):
    cfg = Config.fromfile(config)
    cfg.merge_from_dict({
        'work_dir': str(work_dir),
        'experiment_name': f'test-{uuid.uuid4().hex[:8]}',
        'train_cfg.max_iters': max_iters,
        'train_cfg.val_interval': 1000,
        'target_dataloader.batch_size': 8,
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
    return cfg


class _RecordBatch(Hook):

    def __init__(self):
        self.batches = []

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        self.batches.append(data_batch)


class _Diverge(Hook):
    """Makes the weights non-finite at one iteration, as a blow-up would."""

    def __init__(self, at_iter):
        self.at_iter = at_iter

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        if runner.iter + 1 == self.at_iter:
            with torch.no_grad():
                runner.model.head.fc.weight.fill_(float('inf'))


def test_target_batch_has_no_labels_and_loss_keys(tmp_path):
    cfg = tiny_cfg(DANN_CFG, tmp_path, max_iters=2)
    recorder = _RecordBatch()
    runner = Runner.from_cfg(cfg)
    runner.register_hook(recorder)
    runner.train()
    batch = recorder.batches[0]
    assert set(batch) == {'source', 'target'}
    assert all('gt_label' in s for s in batch['source']['data_samples'])
    assert not any('gt_label' in s for s in batch['target']['data_samples'])
    scalars = runner.message_hub.log_scalars
    for key in ('train/loss', 'train/loss_cls', 'train/loss_domain',
                'train/grl_lambda'):
        assert key in scalars, key


def test_model_refuses_labelled_target(tmp_path):
    cfg = tiny_cfg(SOURCE_ONLY_CFG, tmp_path, max_iters=1)
    runner = Runner.from_cfg(cfg)
    runner.train()
    model = runner.model
    batch = next(iter(runner.train_dataloader))
    with pytest.raises(RuntimeError, match='target-domain sample carries'):
        model.train_step(
            dict(source=batch, target=batch), runner.optim_wrapper)


def test_class_count_mismatch_is_named(tmp_path):
    cfg = tiny_cfg(DANN_CFG, tmp_path)
    cfg.target_dataloader.dataset.metainfo = dict(
        classes=[str(i) for i in range(9)])
    runner = Runner.from_cfg(cfg)
    with pytest.raises(
            ValueError,
            match='source UCIDigits has 10 classes .*'
            'target MNIST5k has 9 classes'):
        runner.train()


def test_check_same_classes_order():

    class D:

        def __init__(self, classes):
            self.metainfo = dict(classes=classes)

    check_same_classes(D(['a', 'b']), D(('a', 'b')))
    with pytest.raises(ValueError, match='same order'):
        check_same_classes(D(['a', 'b']), D(['b', 'a']))
    # the first five agree: the message shows where they part
    names = [f'c{i}' for i in range(12)]
    swapped = names[:7] + ['c8', 'c7'] + names[9:]
    with pytest.raises(ValueError) as info:
        check_same_classes(D(names), D(swapped))
    assert 'source D has 12 classes (first difference at index 7: ..., ' \
        '5: c5, 6: c6, 7: c7, 8: c8, 9: c9, ...), target D has 12 classes ' \
        '(first difference at index 7: ..., 5: c5, 6: c6, 7: c8, 8: c7, ' \
        '9: c9, ...)' in str(info.value)
    with pytest.raises(ValueError) as info:
        check_same_classes(D(['a', 'b']), D(['a', 'b', 'c']))
    assert 'source D has 2 classes (first difference at index 2: 0: a, ' \
        '1: b), target D has 3 classes (first difference at index 2: 0: a, ' \
        '1: b, 2: c)' in str(info.value)


def test_non_finite_loss_stops_with_iteration_and_no_checkpoint(tmp_path):
    cfg = tiny_cfg(DANN_CFG, tmp_path, max_iters=5)
    runner = Runner.from_cfg(cfg)
    runner.register_hook(_Diverge(at_iter=3))
    with pytest.raises(
            FloatingPointError,
            match=r'iteration 3/5: '
            r'non-finite loss \(loss=.*loss_cls=.*\)'):
        runner.train()
    assert osp.isfile(tmp_path / 'iter_2.pth')
    assert not osp.exists(tmp_path / 'iter_3.pth')
    assert not osp.exists(tmp_path / 'iter_4.pth')
    with open(tmp_path / 'last_checkpoint') as f:
        assert f.read().strip().endswith('iter_2.pth')
