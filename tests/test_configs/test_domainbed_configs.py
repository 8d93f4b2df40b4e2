# Copyright (c) mmda contributors. All rights reserved.
"""DomainBed's algorithms as mmda configs: each trains a few iterations on
multi-source Rotated / Colored MNIST batches through the real Runner,
checkpoints and resumes exactly (CORAL and IRM also run with every plug-in
in the composition matrix); the generated leaves are complete."""
import glob
import os.path as osp

import pytest
from composition import DG_ALONE, quick_pretty_text, resume_matches
from mmengine.config import Config
from tool_runs import REPO

from mmda.engine.hooks import PenaltyAnnealHook


@pytest.fixture(autouse=True)
def _fast_config_text(monkeypatch):
    quick_pretty_text(monkeypatch)


@pytest.mark.parametrize('method', sorted(DG_ALONE))
def test_trains_and_resumes_exactly(method, tmp_path):
    runner = resume_matches(method, None, tmp_path)
    logged = runner.message_hub.log_scalars
    term = dict(
        erm_domainbed='loss_cls',
        mmd='loss_mmd',
        vrex='loss_vrex',
        mixstyle_domainbed='loss_cls',
        dsu_domainbed='loss_cls')
    assert f'train/{term[method]}' in logged
    if method == 'vrex':
        # switched to the annealed weight at iteration 2 of 3
        assert logged['train/penalty_weight'].current() == 10.0


def test_every_held_out_domain_has_a_leaf_per_algorithm():
    for method in ('erm', 'coral', 'mmd', 'irm', 'vrex', 'mixup', 'groupdro',
                   'mixstyle', 'dsu', 'swad'):
        for bench, domains in (('rotated_mnist', 6), ('colored_mnist', 3)):
            leaves = glob.glob(
                osp.join(REPO, 'configs', method,
                         f'{method}_mnistcnn_5k_{bench}_*.py'))
            assert len(leaves) == domains, (method, bench)
    cfg = Config.fromfile(
        osp.join(REPO, 'configs/irm/irm_mnistcnn_5k_colored_mnist_plus80.py'))
    assert cfg.train_dataloader.dataset.leave_out == '+80%'
    assert cfg.test_dataloader.dataset.domain == '+80%'
    assert cfg.model.head.num_classes == 2
    assert cfg.model.backbone.in_channels == 2
    assert cfg.train_dataloader.batch_size == 2 * 64
    assert any(h['type'] is PenaltyAnnealHook for h in cfg.custom_hooks)
