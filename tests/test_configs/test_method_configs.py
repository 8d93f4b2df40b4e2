# Copyright (c) mmda contributors. All rights reserved.
"""AFN / DANN / SHOT configs exist for every task; they and the digits
configs of MCC, DAN, JAN and MDD parse and point each loader at the right
domain, and the ResNet models build (no pre-trained file is loaded)."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config
from tool_runs import REPO

from mmda.analysis import parse_config_name
from mmda.registry import MODELS

CONFIGS = sorted(
    glob.glob(osp.join(REPO, 'configs/afn/*.py')) +
    glob.glob(osp.join(REPO, 'configs/dann/*.py')) +
    glob.glob(osp.join(REPO, 'configs/mcc/*.py')) +
    glob.glob(osp.join(REPO, 'configs/dan/*.py')) +
    glob.glob(osp.join(REPO, 'configs/jan/*.py')) +
    glob.glob(osp.join(REPO, 'configs/mdd/*.py')) +
    glob.glob(osp.join(REPO, 'configs/shot/*.py')))


def test_every_benchmark_task_has_a_config():
    names = {osp.basename(c) for c in CONFIGS}
    for method, folder in (('dann', 'dann'), ('hafn', 'afn'), ('safn', 'afn'),
                           ('shot', 'shot'), ('shot-im', 'shot')):
        ours = {n for n in names if parse_config_name(n[:-3])[0] == method}
        assert sum('office31_' in n for n in ours) == 6, method
        assert sum('office_home_' in n for n in ours) == 12, method
        assert sum('visda2017_' in n for n in ours) == 1, method


# The Office task configs are generated alike: one task per benchmark and
# method is checked (keeps the test quick), all others are parsed by name.
CHECKED = [
    c for c in CONFIGS if any(
        k in c for k in ('_a2w', '_d2a', '_ar2cl', 'visda', 'digits'))
]


@pytest.mark.parametrize('config', CHECKED, ids=osp.basename)
def test_config_domains(config):
    cfg = Config.fromfile(config)
    train_cfg = cfg.train_cfg
    assert 'target_dataloader' not in train_cfg  # one home: the top level
    if cfg.get('target_dataloader') is not None:  # UDA: source != target
        target = cfg.target_dataloader.dataset
        assert target == cfg.test_dataloader.dataset or (
            target.get('domain') == cfg.test_dataloader.dataset.get('domain'))
        assert cfg.train_dataloader.dataset != target
    labellers = [h for h in cfg.custom_hooks if 'dataloader' in h]
    if labellers:  # SHOT stage 2 (PseudoLabelHook): target only
        assert 'label_dataloader' not in cfg  # one home: the hook
        assert cfg.get('target_dataloader') is None
        for loader in (labellers[0].dataloader, cfg.test_dataloader):
            assert loader.dataset.get('domain') == (
                cfg.train_dataloader.dataset.get('domain'))
        assert cfg.load_from and cfg.load_from.startswith(
            'work_dirs/shot_source_')


@pytest.mark.parametrize('name', [
    'dann/dann_resnet50_10k_office31_a2w.py',
    'afn/safn_resnet50_10k_office_home_ar2cl.py',
    'shot/shot_resnet50_15e_office31_a2w.py'
])
def test_resnet_models_build(name):
    cfg = Config.fromfile(osp.join(REPO, 'configs', name))
    model = MODELS.build(cfg.model)
    assert model.backbone.depth == 50
    assert cfg.model.backbone.init_cfg.checkpoint.startswith(
        'data/pretrained/')
    if 'shot' in name:
        assert not any(p.requires_grad for p in model.head.parameters())
