# Copyright (c) mmda contributors. All rights reserved.
"""The MNIST <-> USPS and SVHN -> MNIST configs train end to end through the
Runner on small data written in the release formats (idx, LIBSVM bz2,
.mat): every UDA method, and SHOT's two stages chained by checkpoint."""
import glob
import os.path as osp
import uuid

import pytest
from mmengine.config import Config
from mmengine.runner import Runner
from synthetic_data import (make_mnist, make_svhn, make_usps,
                            relocate_data_roots)
from tool_runs import REPO

from mmda.models import DTN, LeNet
from mmda.utils import trusted_local_checkpoints

UDA_CONFIGS = sorted(
    c for folder in ('source_only', 'dann', 'afn')
    for c in glob.glob(osp.join(REPO, f'configs/{folder}/*_10k_digits_*.py')))
TASKS = [('mnist', 'mnist2usps', 'lenet'), ('usps', 'usps2mnist', 'lenet'),
         ('svhn', 'svhn2mnist', 'dtn')]
LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader',
           'target_dataloader')


@pytest.fixture(scope='module')
def data_root(tmp_path_factory):
    # Even training sets: no batch of one reaches BatchNorm in training.
    root = tmp_path_factory.mktemp('digits_release')
    make_mnist(str(root / 'digits/mnist'), labels=(3, 1, 4, 1))
    make_usps(str(root / 'digits/usps'), labels=(0, 9, 4, 2))
    make_svhn(str(root / 'digits/svhn'), labels=(1, 0, 7, 5))
    return str(root)


def _small(config, root, work_dir, **options):
    cfg = Config.fromfile(config)
    # PseudoLabelHook holds SHOT stage 2's labelling loader
    hook_loaders = [
        h.dataloader for h in cfg.custom_hooks if 'dataloader' in h
    ]
    for loader in [cfg.get(key) for key in LOADERS] + hook_loaders:
        if loader is None:
            continue
        relocate_data_roots(loader, root)
        loader.update(batch_size=2, num_workers=0)
    cfg.merge_from_dict(
        dict(
            work_dir=str(work_dir),
            experiment_name=f'test-{uuid.uuid4().hex[:8]}',
            **options))
    return cfg


def test_every_digits_task_has_a_config_per_method():
    names = {
        osp.basename(c)
        for c in glob.glob(osp.join(REPO, 'configs/*/*_digits_*.py'))
    }
    for _, task, net in TASKS:
        for method, sched in (('source_only', '10k'), ('dann', '10k'),
                              ('hafn', '10k'), ('safn', '10k'),
                              ('shot', '30e'), ('shot_im', '30e')):
            assert f'{method}_{net}_{sched}_digits_{task}.py' in names


@pytest.mark.parametrize('config', UDA_CONFIGS, ids=osp.basename)
def test_uda_config_trains_and_tests(config, data_root, tmp_path):
    cfg = _small(
        config, data_root, tmp_path, **{
            'train_cfg.max_iters': 2,
            'train_cfg.val_interval': 2,
            'param_scheduler.0.end': 2
        })
    runner = Runner.from_cfg(cfg)
    runner.train()
    assert osp.isfile(tmp_path / 'iter_2.pth')
    assert isinstance(runner.model.backbone,
                      DTN if 'svhn' in config else LeNet)
    assert 0 <= runner.test()['accuracy/top1'] <= 100


@pytest.mark.parametrize('source,task,net', TASKS, ids=[t[1] for t in TASKS])
def test_shot_stages_chain(source, task, net, data_root, tmp_path):
    stage1 = osp.join(
        REPO, f'configs/shot/shot_source_{net}_30e_digits_'
        f'{source}.py')
    cfg = _small(stage1, data_root, tmp_path / 'source', **{
        'train_cfg.max_epochs': 1,
        'train_cfg.val_interval': 1
    })
    Runner.from_cfg(cfg).train()
    checkpoint = str(tmp_path / 'source' / 'best_source.pth')
    assert osp.isfile(checkpoint)
    for method in ('shot', 'shot_im'):
        config = osp.join(
            REPO, f'configs/shot/{method}_{net}_30e_digits_'
            f'{task}.py')
        cfg = _small(
            config,
            data_root,
            tmp_path / method,
            load_from=checkpoint,
            **{'train_cfg.max_epochs': 1})
        assert cfg.model.beta == (0.1 if method == 'shot' else 0.0)
        runner = Runner.from_cfg(cfg)
        with trusted_local_checkpoints():  # as tools/train.py loads it
            runner.train()
        assert 0 <= runner.test()['accuracy/top1'] <= 100
