# Copyright (c) mmda contributors. All rights reserved.
"""Every plug-in composes with every method: each (plug-in, method) pair,
generated, trains a few iterations on the embedded digits, checkpoints,
and resumes to bit-identical weights and logged loss.

The pairs run in-process through ``Runner.from_cfg`` (what tools/train.py
calls for one process); the shipped example configs run through
tools/train.py itself.
"""
import glob
import os.path as osp

import pytest
import torch
from composition import (FAST_METHODS_OF_SLOW_PLUGINS, METHODS, PER_DOMAIN,
                         PLUGINS, SLOW_PLUGINS, assert_same_weights, compose,
                         quick_pretty_text, resume_matches, train)
from tool_runs import REPO, TINY_OPTIONS, train_py


def _pair(plugin: str, method: str):
    # The whole matrix would take most of the default run's time: the
    # newer feature-statistics plug-ins run with one method of each kind
    # by default, and with every method under `pytest -m slow`.
    slow = (
        plugin in SLOW_PLUGINS and method not in FAST_METHODS_OF_SLOW_PLUGINS)
    return pytest.param(
        plugin,
        method,
        id=f'{plugin}+{method}',
        marks=[pytest.mark.slow] if slow else [])


PAIRS = [_pair(p, m) for p in PLUGINS for m in METHODS]


@pytest.fixture(autouse=True)
def _fast_config_text(monkeypatch):
    quick_pretty_text(monkeypatch)


@pytest.fixture(scope='module')
def stage1(tmp_path_factory):
    """SHOT stage-1 checkpoints, one per plug-in, trained on demand."""
    cache = {}

    def checkpoint(plugin):
        if plugin not in cache:
            work = tmp_path_factory.mktemp(f'stage1_{plugin}')
            train(compose('shot_source', plugin, work, iters=1))
            cache[plugin] = str(work / 'iter_1.pth')
        return cache[plugin]

    return checkpoint


@pytest.mark.parametrize('plugin,method', PAIRS)
def test_pair_trains_checkpoints_and_resumes_exactly(plugin, method, tmp_path,
                                                     stage1):
    options = {}
    if method == 'shot_target':
        # 2 epochs of 2 iterations, resumed mid-epoch
        options = dict(load_from=stage1(plugin))
        runner = resume_matches(
            method, plugin, tmp_path, iters=4, resume_at=3, **options)
    else:
        runner = resume_matches(method, plugin, tmp_path, **options)
    model = runner.model
    layers = [type(m).__name__ for m in model.mmda_plugins.values()]
    assert layers and all(name.lower() == plugin for name in layers), layers
    if plugin == 'rsc':
        # RSC challenged the labelled rows of the last iteration: the
        # source batch under UDA, the pseudo-labelled target batch in
        # SHOT's target stage
        # (all the rows of a multi-source batch are labelled)
        rows = len(runner.train_dataloader.dataset.datasets) * PER_DOMAIN if (
            method in ('coral', 'irm', 'groupdro', 'mixup')) else 4
        assert len(model.mmda_plugins.backbone_after.last_mask) == rows


EXAMPLES = sorted(
    osp.relpath(p, REPO)
    for p in glob.glob(osp.join(REPO, 'configs/compose/*.py')))


def test_example_configs_exist():
    names = {osp.basename(p)[:-3] for p in EXAMPLES}
    for d in ('mnist5k2uci', 'uci2mnist5k'):
        for method in ('dann_cnsn_lenet_2k', 'safn_rsc_lenet_2k',
                       'shot_cnsn_lenet_30e'):
            assert f'{method}_digits_{d}' in names
    assert {
        'shot_source_cnsn_lenet_2k_digits_mnist5k',
        'shot_source_cnsn_lenet_2k_digits_uci'
    } <= names


def test_example_config_through_tools_train_resumes_exactly(tmp_path):
    # one example through tools/train.py, resumed with --resume from the
    # checkpoint of iteration 2
    config = 'configs/compose/safn_rsc_lenet_2k_digits_uci2mnist5k.py'
    options = [
        '--no-validate', '--cfg-options', *TINY_OPTIONS,
        'train_dataloader.batch_size=4', 'target_dataloader.batch_size=4',
        'train_cfg.max_iters=3', 'param_scheduler.0.end=3',
        'default_hooks.checkpoint.interval=1',
        'default_hooks.checkpoint.max_keep_ckpts=-1'
    ]
    train_py(config, tmp_path / 'full', *options)
    train_py(config, tmp_path / 'resumed', '--resume',
             str(tmp_path / 'full' / 'iter_2.pth'), *options)
    a = torch.load(tmp_path / 'full' / 'iter_3.pth', weights_only=False)
    b = torch.load(tmp_path / 'resumed' / 'iter_3.pth', weights_only=False)
    assert_same_weights(a['state_dict'], b['state_dict'])
    (log, ) = glob.glob(str(tmp_path / 'resumed' / '*' / '*.log'))
    with open(log) as f:
        text = f.read()
    # the resumed run trained iteration 3 of SAFN with RSC inserted
    assert 'Iter(train) [3/3]' in text and 'loss_safn' in text
    assert 'PluggedModel' in text  # the dumped config
