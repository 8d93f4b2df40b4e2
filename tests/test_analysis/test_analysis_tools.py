# Copyright (c) mmda contributors. All rights reserved.
"""Each tools/analysis_tools script end to end on a model trained for two
iterations with the real DANN config, then tested with tools/test.py."""
import importlib.util
import json
import os.path as osp
import shutil
import sys
import time
import uuid

import numpy as np
import pytest
import torch
from matplotlib.image import imread
from mmengine.config import Config
from mmengine.runner import Runner
from tool_runs import DANN_CFG, REPO, SOURCE_ONLY_CFG, run_tool

from mmda.analysis import (METRICS_FILE, CheckpointMismatchError,
                           build_capped_dataloader, build_trained_model)

TINY = {
    'train_cfg.max_iters': 2,
    'train_cfg.val_interval': 2,
    'target_dataloader.batch_size': 8,
    'train_dataloader.batch_size': 8,
    'param_scheduler.0.end': 2,
    'default_hooks.logger.interval': 1,
    'randomness.seed': 7,
}


def _tool(name):
    path = osp.join(REPO, 'tools', 'analysis_tools', f'{name}.py')
    spec = importlib.util.spec_from_file_location(f'_tool_{name}', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tools_test():
    spec = importlib.util.spec_from_file_location(
        '_tools_test', osp.join(REPO, 'tools', 'test.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    """A DANN run trained 2 iterations, tested on the target split."""
    work_dir = tmp_path_factory.mktemp('analysis') / 'dann_run'
    cfg = Config.fromfile(DANN_CFG)
    cfg.merge_from_dict({
        **TINY, 'work_dir': str(work_dir),
        'experiment_name': f'analysis-{uuid.uuid4().hex[:8]}'
    })
    Runner.from_cfg(cfg).train()
    checkpoint = str(work_dir / 'iter_2.pth')
    # mmengine names log folders by the second; keep test and train apart.
    time.sleep(1.1)
    metrics = _tools_test().main([
        DANN_CFG, checkpoint, '--work-dir',
        str(work_dir), '--out-metrics',
        str(work_dir / METRICS_FILE), '--cfg-options', 'randomness.seed=0'
    ])
    return dict(work_dir=work_dir, checkpoint=checkpoint, metrics=metrics)


def test_tsne_writes_two_pngs_of_the_asked_size(trained, tmp_path, capsys):
    outputs = _tool('tsne').main([
        DANN_CFG, trained['checkpoint'], '--max-samples', '24', '--size',
        '320', '240', '--out-dir',
        str(tmp_path)
    ])
    # mmengine's progress bar ran over both capped domains.
    out = capsys.readouterr().out
    assert out.count('24/24') >= 2 and 'task/s' in out
    assert [osp.basename(p)
            for p in outputs] == ['tsne_domain.png', 'tsne_class.png']
    for path in outputs:
        assert imread(path).shape[:2] == (240, 320)


def test_feature_norms_match_a_direct_forward(trained, tmp_path):
    norms = _tool('feature_norms').main([
        DANN_CFG, trained['checkpoint'], '--max-samples', '200', '--out-dir',
        str(tmp_path)
    ])
    assert imread(str(tmp_path / 'feature_norms.png')).shape[:2] == (400, 640)
    assert len(norms['source']) == len(norms['target']) == 200
    # Recompute the target's by hand on the same random subset (its test
    # pipeline has no random step).
    cfg = Config.fromfile(DANN_CFG)
    model = build_trained_model(cfg, trained['checkpoint'])
    loader, _ = build_capped_dataloader(cfg.test_dataloader, 200, seed=0)
    direct = []
    with torch.no_grad():
        for batch in loader:
            x = model.data_preprocessor(batch, False)['inputs']
            f = model.head.pre_logits(model.extract_feat(x))
            direct.append(torch.sqrt((f * f).sum(dim=1)))
    np.testing.assert_allclose(
        norms['target'], torch.cat(direct).numpy(), rtol=1e-5)


def test_confusion_matrix_agrees_with_tools_test(trained, tmp_path):
    matrix = _tool('confusion_matrix').main([
        DANN_CFG, trained['checkpoint'], '--out-dir',
        str(tmp_path), '--size', '300', '280'
    ])
    assert imread(str(tmp_path /
                      'confusion_matrix_target.png')).shape[:2] == (280, 300)
    assert matrix.shape == (10, 10)
    assert matrix.sum() == 1000  # MNIST-5k's test split
    accuracy = 100 * np.trace(matrix) / matrix.sum()
    assert accuracy == pytest.approx(trained['metrics']['accuracy/top1'])


def test_a_distance_in_range_and_layer_option(trained, tmp_path, capsys):
    tool = _tool('a_distance')
    distance = tool.main([
        DANN_CFG, trained['checkpoint'], '--max-samples', '60', '--layer',
        'backbone', '--out-dir',
        str(tmp_path)
    ])
    assert 0.0 <= distance <= 2.0
    assert 'proxy A-distance (backbone)' in capsys.readouterr().out
    with pytest.raises(KeyError, match="'no_such_layer'.*backbone"):
        tool.main([
            DANN_CFG, trained['checkpoint'], '--layer', 'no_such_layer',
            '--max-samples', '8'
        ])
    # The discriminator exists but does not run at test time.
    with pytest.raises(ValueError, match='did not run in the test-time'):
        tool.main([
            DANN_CFG, trained['checkpoint'], '--layer',
            'da_losses.0.discriminator', '--max-samples', '8'
        ])


def test_checkpoint_that_does_not_match_config_names_keys(trained):
    tool = _tool('tsne')
    # DANN's checkpoint holds its discriminator, source-only has none.
    with pytest.raises(
            CheckpointMismatchError,
            match=r'unexpected in checkpoint \(\d+\): .*'
            r'da_losses\.0\.discriminator'):
        tool.main([SOURCE_ONLY_CFG, trained['checkpoint']])
    with pytest.raises(
            CheckpointMismatchError,
            match=r'shape mismatch \(2\): head\.fc\.weight: '
            r'checkpoint \(10, 256\) vs model \(5, 256\)'):
        tool.main([
            DANN_CFG, trained['checkpoint'], '--cfg-options',
            'model.head.num_classes=5'
        ])


def _fake_seed(run_dir, seed, value):
    """A copy of a real run with another seed and test result."""
    for stamp in sorted(run_dir.glob('2*_*')):
        config = stamp / 'vis_data' / 'config.py'
        text = config.read_text()
        assert 'seed=7' in text or 'seed=0' in text
        config.write_text(text.replace('seed=7', f'seed={seed}'))
    (run_dir / METRICS_FILE).write_text(json.dumps({'accuracy/top1': value}))


def test_collect_results_table_matches_the_logs(trained, tmp_path, capsys):
    tool = _tool('collect_results')
    root = tmp_path / 'runs'
    shutil.copytree(trained['work_dir'], root / 'dann_seed7')
    shutil.copytree(trained['work_dir'], root / 'dann_seed8')
    _fake_seed(root / 'dann_seed8', 8, 20.0)
    real = trained['metrics']['accuracy/top1']
    mean, std = np.mean([real, 20.0]), np.std([real, 20.0], ddof=1)
    table = tool.main([str(root), '--details'])
    assert f'| dann | {mean:.2f} ± {std:.2f} |' in table
    assert '(7, 8; 2 run(s) per cell)' in table
    out = capsys.readouterr().out
    assert f'| dann | digits-uci2mnist5k | 7 | {real:.2f} |' in out

    # The last validation value logged during training.
    scalars = next(root.glob('dann_seed7/2*/vis_data/scalars.json'))
    last_val = [
        json.loads(line) for line in scalars.read_text().split('\n')
        if 'accuracy/top1' in line
    ][-1]['accuracy/top1']
    shutil.rmtree(root / 'dann_seed8')
    table = tool.main([str(root), '--split', 'val'])
    assert f'| dann | {last_val:.2f} |' in table


def test_collect_results_on_empty_work_dir_says_why(tmp_path):
    with pytest.raises(SystemExit, match='no runs found under .*dumps'):
        _tool('collect_results').main([str(tmp_path)])
    # As a user sees it: a one-line message and a failing exit status.
    proc = run_tool([
        sys.executable, 'tools/analysis_tools/collect_results.py',
        str(tmp_path)
    ],
                    check=False)
    assert proc.returncode == 1
    assert proc.stderr.startswith('collect_results: no runs found under')
    assert 'Traceback' not in proc.stderr
