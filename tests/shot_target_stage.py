# Copyright (c) mmda contributors. All rights reserved.
"""SHOT's digits target stage, made small: shared by the target stage's
and the pseudo-label hook's tests."""
import os.path as osp
import uuid

from mmengine.config import Config
from mmengine.hooks import Hook
from tool_runs import REPO

from mmda.engine.hooks import PseudoLabelHook

SOURCE_CFG = osp.join(REPO, 'configs/shot/shot_source_lenet_2k_digits_uci.py')
TARGET_CFG = osp.join(REPO,
                      'configs/shot/shot_lenet_30e_digits_uci2mnist5k.py')
N_TARGET = 32  # target samples: 4 iterations of 8 per epoch


def common_options(work_dir):
    return {
        'work_dir': str(work_dir),
        'experiment_name': f'test-{uuid.uuid4().hex[:8]}',
        'default_hooks.checkpoint.interval': 1,
        'default_hooks.checkpoint.max_keep_ckpts': -1,
        'default_hooks.logger.interval': 1,
        'train_dataloader.batch_size': 8,
    }


def target_cfg(work_dir, load_from, max_epochs=1, config=TARGET_CFG):
    cfg = Config.fromfile(config)
    cfg.merge_from_dict({
        **common_options(work_dir),
        'load_from': load_from,
        'train_cfg.max_epochs': max_epochs,
        # the unlabelled target set (UnlabeledDataset's inner dataset);
        # PseudoLabelHook labels this same set
        'train_dataloader.dataset.dataset.indices': N_TARGET,
    })
    return cfg


def pseudo_label_hook(runner):
    """The runner's PseudoLabelHook."""
    (hook, ) = [h for h in runner.hooks if isinstance(h, PseudoLabelHook)]
    return hook


class LabelRecorder(Hook):
    """Records PseudoLabelHook's labels at every iteration, keyed by the
    0-based iteration index, and checks that the batch carries them."""

    priority = 'LOW'

    def __init__(self):
        self.seen = {}

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        labels = pseudo_label_hook(runner).labels
        for sample in data_batch['data_samples']:
            assert sample.pseudo_label == labels[sample.sample_idx]
        self.seen[runner.iter] = labels.clone()
