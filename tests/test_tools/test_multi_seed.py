# Copyright (c) mmda contributors. All rights reserved.
"""tools/multi_seed.py: one work dir per seed, a metrics file each that
collect_results reads, and ``{seed}`` in --cfg-options chaining SHOT's two
stages seed by seed."""
import json
import os.path as osp
import sys

import pytest
from tool_runs import REPO

from mmda.analysis import collect_runs

sys.path.insert(0, osp.join(REPO, 'tools'))
import multi_seed  # noqa: E402

SOURCE = osp.join(REPO, 'configs/shot/shot_source_lenet_2k_digits_uci.py')
TARGET = osp.join(REPO, 'configs/shot/shot_im_lenet_30e_digits_uci2mnist5k.py')


def test_seed_placeholder_is_filled():
    options = {
        'load_from': 'a/seed{seed}/iter.pth',
        'x': 3,
        'y': ['s{seed}', 1]
    }
    assert multi_seed.seed_options(options, 2) == {
        'load_from': 'a/seed2/iter.pth',
        'x': 3,
        'y': ['s2', 1]
    }


def test_two_stages_chain_by_seed(tmp_path):
    work = str(tmp_path)
    tiny = ['train_dataloader.batch_size=8', 'default_hooks.logger.interval=1']
    multi_seed.main([
        SOURCE, '--seeds', '0', '1', '--work-dir', work, '--cfg-options',
        'train_cfg.max_iters=2', 'train_cfg.val_interval=1', *tiny
    ])
    source_dir = osp.join(work, 'shot_source_lenet_2k_digits_uci')
    for seed in (0, 1):
        assert osp.isfile(osp.join(source_dir, f'seed{seed}', 'iter_2.pth'))
        assert osp.isfile(
            osp.join(source_dir, f'seed{seed}', 'best_source.pth'))
    out = osp.join(work, 'results.json')
    multi_seed.main([
        TARGET, '--seeds', '0', '1', '--work-dir', work, '--out', out,
        '--cfg-options', 'train_cfg.max_epochs=1',
        'train_dataloader.dataset.dataset.indices=16',
        f'load_from={source_dir}/seed{{seed}}/iter_2.pth', *tiny
    ])
    target_dir = osp.join(work, 'shot_im_lenet_30e_digits_uci2mnist5k')
    for seed in (0, 1):
        with open(osp.join(target_dir, f'seed{seed}',
                           osp.basename(TARGET))) as f:
            dumped = f.read()
        assert f'seed{seed}/iter_2.pth' in dumped
    with open(out) as f:
        scores = json.load(f)[TARGET]['scores']
    runs, _ = collect_runs([target_dir])
    assert sorted((r.seed, r.value) for r in runs) == [(0, scores[0]),
                                                       (1, scores[1])]
    # --skip-done reuses the finished runs instead of training again
    before = osp.getmtime(osp.join(target_dir, 'seed0', 'last_checkpoint'))
    multi_seed.main(
        [TARGET, '--seeds', '0', '--work-dir', work, '--skip-done'])
    assert osp.getmtime(osp.join(target_dir, 'seed0',
                                 'last_checkpoint')) == before


def test_test_selected_scores_the_kept_checkpoint(tmp_path, monkeypatch):
    config = osp.join(REPO,
                      'configs/coral/coral_mnistcnn_5k_rotated_mnist_75.py')
    loaded = []
    original = multi_seed.Runner.load_checkpoint

    def record(self, filename, *args, **kwargs):
        loaded.append(filename)
        return original(self, filename, *args, **kwargs)

    monkeypatch.setattr(multi_seed.Runner, 'load_checkpoint', record)
    options = [
        'train_cfg.max_iters=4', 'train_cfg.val_interval=2',
        'train_dataloader.sampler.per_domain=2',
        'train_dataloader.batch_size=10', 'default_hooks.logger.interval=1'
    ]
    multi_seed.main([
        config, '--seeds', '0', '--work-dir',
        str(tmp_path), '--test-selected', '--cfg-options', *options
    ])
    assert len(loaded) == 1
    assert osp.basename(loaded[0]).startswith('best_accuracy_top1_iter_')
    assert osp.isfile(loaded[0])
    # a config that keeps no validated checkpoint is refused, before training
    erm = osp.join(REPO, 'configs/erm/erm_lenet_500i_digits_uci.py')
    with pytest.raises(ValueError, match='no save_best'):
        multi_seed.main([
            erm, '--seeds', '0', '--work-dir',
            str(tmp_path / 'refused'), '--test-selected'
        ])
