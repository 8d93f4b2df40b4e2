# Copyright (c) mmda contributors. All rights reserved.
"""AFN / DANN / SHOT configs exist for every task, parse, points each loader at the right
domain, and the ResNet models build (no pre-trained file is loaded)."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config

from conftest import REPO
from mmda.registry import MODELS

CONFIGS = sorted(
    glob.glob(osp.join(REPO, 'configs/afn/*.py')) +
    glob.glob(osp.join(REPO, 'configs/dann/*.py')) +
    glob.glob(osp.join(REPO, 'configs/shot/*.py')))


def test_every_benchmark_task_has_a_config():
    names = {osp.basename(c) for c in CONFIGS}
    for method, folder in (('dann', 'dann'), ('hafn', 'afn'),
                           ('safn', 'afn'), ('shot', 'shot'),
                           ('shot-im', 'shot')):
        ours = {n for n in names if n.startswith(method + '_')}
        assert sum('office31-' in n for n in ours) == 6, method
        assert sum('office_home-' in n for n in ours) == 12, method
        assert sum('visda2017-' in n for n in ours) == 1, method


# The Office task configs are generated alike: one task per benchmark and
# method is checked (keeps the test quick), all others are parsed by name.
CHECKED = [
    c for c in CONFIGS
    if any(k in c for k in ('-a2w', '-d2a', '-ar2cl', 'visda', 'digits'))
]


@pytest.mark.parametrize('config', CHECKED, ids=osp.basename)
def test_config_domains(config):
    cfg = Config.fromfile(config)
    train_cfg = cfg.train_cfg
    if 'target_dataloader' in train_cfg:  # UDA: source != target
        target = train_cfg.target_dataloader.dataset
        assert target == cfg.test_dataloader.dataset or (
            target.get('domain') == cfg.test_dataloader.dataset.get('domain'))
        assert cfg.train_dataloader.dataset != target
    if 'label_dataloader' in train_cfg:  # SHOT stage 2: target only
        assert cfg.get('target_dataloader') is None
        for loader in (train_cfg.label_dataloader, cfg.test_dataloader):
            assert loader.dataset.get('domain') == (
                cfg.train_dataloader.dataset.get('domain'))
        assert cfg.load_from and cfg.load_from.startswith('work_dirs/shot-')


@pytest.mark.parametrize('name', [
    'dann/dann_resnet50_10k_office31-a2w.py',
    'afn/safn_resnet50_10k_office_home-ar2cl.py',
    'shot/shot_resnet50_15e_office31-a2w.py'
])
def test_resnet_models_build(name):
    cfg = Config.fromfile(osp.join(REPO, 'configs', name))
    model = MODELS.build(cfg.model)
    assert model.backbone.depth == 50
    assert cfg.model.backbone.init_cfg.checkpoint.startswith(
        'data/pretrained/')
    if 'shot' in name:
        assert not any(p.requires_grad for p in model.head.parameters())
