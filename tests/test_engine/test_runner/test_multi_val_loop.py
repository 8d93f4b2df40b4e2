# Copyright (c) mmda contributors. All rights reserved.
import glob
import json
import os.path as osp
import sys
import uuid

import pytest
from mmengine.config import Config
from mmengine.evaluator import BaseMetric
from mmengine.hooks import Hook
from mmengine.runner import Runner
from tool_runs import REPO, run_tool

from mmda.registry import METRICS
from mmda.utils import trusted_local_checkpoints

TARGET_VAL_CFG = osp.join(
    REPO, 'mmda/configs/dann/dann_lenet_2k_digits_uci2mnist5k_target_val.py')
KEYS = ('source/accuracy/top1', 'target_unlabeled/entropy',
        'target_unlabeled/im', 'target_unlabeled/bnm', 'target_unlabeled/snd')


@METRICS.register_module(force=True)
class _LabelSpy(BaseMetric):
    """Records which keys the samples given to a metric carry."""

    seen = []

    def process(self, data_batch, data_samples):
        for s in data_samples:
            _LabelSpy.seen.append(set(s))

    def compute_metrics(self, results):
        return {}


class _CountTrainIters(Hook):

    def __init__(self):
        self.iters = 0

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        self.iters += 1


def tiny_cfg(work_dir, max_iters=4, **options):
    cfg = Config.fromfile(TARGET_VAL_CFG)
    cfg.merge_from_dict({
        'work_dir': str(work_dir),
        'experiment_name': f'test-{uuid.uuid4().hex[:8]}',
        'train_cfg.max_iters': max_iters,
        'train_cfg.val_interval': 2,
        'target_dataloader.batch_size': 8,
        'train_dataloader.batch_size': 8,
        'param_scheduler.0.end': max_iters,
        'default_hooks.checkpoint.interval': 2,
        'default_hooks.logger.interval': 1,
        **options
    })
    return cfg


def test_source_and_unlabelled_target_validated_with_prefixes(tmp_path):
    cfg = tiny_cfg(tmp_path)
    spy = dict(type='_LabelSpy')
    cfg.val_cfg.evaluations[0].evaluator = [
        cfg.val_cfg.evaluations[0].evaluator, spy
    ]
    _LabelSpy.seen.clear()
    runner = Runner.from_cfg(cfg)
    runner.train()
    scalars = runner.message_hub.log_scalars
    for key in KEYS:
        assert f'val/{key}' in scalars, key
    # every target training sample was scored, none with its label
    size = len(runner.val_loop.dataloader.loaders[1].dataset)
    assert len(_LabelSpy.seen) == 2 * size  # two validations
    assert not any(k.startswith('gt_') for s in _LabelSpy.seen for k in s)
    assert all('pred_score' in s for s in _LabelSpy.seen)
    # the source split keeps its labels: its accuracy is computed
    assert 0 <= scalars['val/source/accuracy/top1'].current() <= 100
    best = glob.glob(
        osp.join(runner.work_dir, 'best_target_unlabeled_im_iter_*.pth'))
    assert len(best) == 1


@pytest.mark.parametrize('options, match', [
    ({
        'default_hooks.checkpoint.save_best': 'target_unlabeled/sndd'
    }, "'target_unlabeled/sndd', but the validation never computes it; it "
     'computes source/accuracy/top1, target_unlabeled/bnm'),
    ({
        'default_hooks.checkpoint.save_best': 'target_unlabeled/entropy',
        'default_hooks.checkpoint.rule': 'greater'
    }, 'lower is better: set rule=.less.'),
    ({
        'val_cfg.evaluations.0.prefix': 'source'
    }, 'its own non-empty prefix'),
])
def test_bad_selection_fails_before_training(tmp_path, options, match):
    cfg = tiny_cfg(tmp_path, **options)
    runner = Runner.from_cfg(cfg)
    counter = _CountTrainIters()
    runner.register_hook(counter)
    with pytest.raises(ValueError, match=match):
        runner.train()
    assert counter.iters == 0


def test_check_hook_for_stock_val_loop(tmp_path):
    from mmda.engine.hooks import SaveBestCheckHook
    cfg = tiny_cfg(tmp_path)
    cfg.val_cfg = dict()  # mmengine's ValLoop
    cfg.default_hooks.checkpoint.update(
        save_best='accuracy/top5', rule='greater')
    runner = Runner.from_cfg(cfg)
    runner.register_hook(SaveBestCheckHook())
    counter = _CountTrainIters()
    runner.register_hook(counter)
    with pytest.raises(ValueError, match='computes accuracy/top1$'):
        runner.train()
    assert counter.iters == 0


def test_end_to_end_through_tools_train(tmp_path):
    run_tool([
        sys.executable, 'tools/train.py', TARGET_VAL_CFG, '--work-dir',
        str(tmp_path), '--cfg-options', 'train_cfg.max_iters=4',
        'train_cfg.val_interval=2', 'train_dataloader.batch_size=8',
        'target_dataloader.batch_size=8',
        'default_hooks.checkpoint.interval=2',
        'default_hooks.logger.log_metric_by_epoch=False'
    ])
    scalars = glob.glob(osp.join(tmp_path, '*', 'vis_data', 'scalars.json'))
    records = [json.loads(line) for line in open(scalars[0])]
    val = [r for r in records if 'target_unlabeled/snd' in r]
    assert [r['step'] for r in val] == [2, 4]
    for key in KEYS:
        assert all(key in r for r in val), key
    assert glob.glob(osp.join(tmp_path, 'best_target_unlabeled_im_*.pth'))


SHOT_SOURCE_CFG = osp.join(
    REPO, 'mmda/configs/shot/shot_source_lenet_2k_digits_uci.py')
SHOT_TARGET_VAL_CFG = osp.join(
    REPO, 'mmda/configs/shot/shot_lenet_30e_digits_uci2mnist5k_target_val.py')


def test_source_free_shot_validates_on_the_unlabelled_target(tmp_path):
    common = {
        'experiment_name': f'test-{uuid.uuid4().hex[:8]}',
        'default_hooks.logger.interval': 1,
        'train_dataloader.batch_size': 8,
    }
    source = Config.fromfile(SHOT_SOURCE_CFG)
    source.merge_from_dict({
        **common,
        'work_dir': str(tmp_path / 'src'),
        'train_cfg.max_iters': 2,
        'param_scheduler.0.end': 2,
        # BestSourceCheckpointHook picks the source model on source val
        'train_cfg.val_interval': 2,
    })
    Runner.from_cfg(source).train()
    cfg = Config.fromfile(SHOT_TARGET_VAL_CFG)
    cfg.merge_from_dict({
        **common,
        'work_dir': str(tmp_path / 'tgt'),
        'load_from': str(tmp_path / 'src' / 'iter_2.pth'),
        'train_cfg.max_epochs': 2,
        'train_cfg.val_interval': 4,
        # the unlabelled target set (PseudoLabelHook labels it too)
        'train_dataloader.dataset.dataset.indices': 32,
        'val_dataloader.dataset.dataset.indices': 32,
    })
    cfg.val_evaluator = [cfg.val_evaluator, dict(type='_LabelSpy')]
    _LabelSpy.seen.clear()
    runner = Runner.from_cfg(cfg)
    with trusted_local_checkpoints():  # load_from, as tools/train.py
        runner.train()
    scalars = runner.message_hub.log_scalars
    for name in ('entropy', 'im', 'bnm', 'snd'):
        assert f'val/target_unlabeled/{name}' in scalars, name
    assert not any(k.startswith('val/source') for k in scalars)
    assert len(_LabelSpy.seen) == 2 * 32
    assert not any(k.startswith('gt_') for s in _LabelSpy.seen for k in s)
    assert glob.glob(
        osp.join(runner.work_dir, 'best_target_unlabeled_im_iter_*.pth'))
