# Copyright (c) mmda contributors. All rights reserved.
"""The domain generalisation configs (PACS, VLCS, Office-Home with ERM,
RSC, CNSN, MixStyle and DSU; CIFAR-10-C with WideResNet-40-2) on tiny
synthetic data in the release layouts: every config builds its model and
loaders with the right held-out domain, and one config per family trains
and tests in-process."""
import glob
import os.path as osp
import re
import uuid

import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner
from synthetic_data import folder_domain, relocate_data_roots
from test_dataset_configs import CASES

from mmda.engine.hooks import CrossNormActivationHook
from mmda.models import CNSN, DSU, RSC, MixStyle
from mmda.registry import DATASETS, MODELS

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIGS = sorted(
    path for method in ('erm', 'rsc', 'cnsn', 'mixstyle', 'dsu')
    for pattern in ('*_30e_*.py', '*_wrn40_2_*.py')
    for path in glob.glob(osp.join(REPO, 'configs', method, pattern)))
NAME = re.compile(
    r'(erm|rsc|cnsn|mixstyle|dsu)_(resnet18|resnet50|wrn40_2)_(30e|100e)_'
    r'(pacs|vlcs|office_home|cifar10)_(\w+)\.py')
DOMAINS = {
    'pacs': ('art_painting', 'cartoon', 'photo', 'sketch'),
    'vlcs': ('Caltech101', 'LabelMe', 'SUN09', 'VOC2007'),
    'office_home': ('Art', 'Clipart', 'Product', 'Real_World'),
}
CLASSES = {'pacs': 7, 'vlcs': 5, 'office_home': 65, 'cifar10': 10}
LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')


def _office_home_dg(root):
    for d in DOMAINS['office_home']:
        folder_domain(root, f'office_home/{d}', ('Bike', 'Mug'))


@pytest.fixture(scope='module')
def data_root(tmp_path_factory):
    root = str(tmp_path_factory.mktemp('dg_data'))
    for name in ('pacs', 'vlcs', 'cifar10_c'):
        CASES[name](root)
    _office_home_dg(root)
    return root


def _no_serialize(node):
    """Keep the tiny datasets as lists: serialising them runs gc.collect,
    which is slow in a large test process."""
    if isinstance(node, dict):
        if 'data_root' in node:
            node['serialize_data'] = False
        for value in node.values():
            _no_serialize(value)


def _load(config, root):
    cfg = Config.fromfile(config)
    for key in LOADERS:
        if cfg.get(key) is not None:
            relocate_data_roots(cfg[key], root)
            _no_serialize(cfg[key])
    return cfg


def _domains(dataset):
    return set(dataset.metainfo.get('domains') or [dataset.domain])


def test_all_configs_found():
    names = [osp.basename(c) for c in CONFIGS]
    assert all(NAME.fullmatch(n) for n in names), names
    # PACS: 5 methods x 2 backbones x 4 domains; VLCS and Office-Home:
    # 5 methods x ResNet-18 x 4 domains; CIFAR-10-C: ERM and CNSN.
    assert len(names) == 40 + 20 + 20 + 2


@pytest.mark.parametrize(
    'config', CONFIGS, ids=[osp.basename(c)[:-3] for c in CONFIGS])
def test_config_builds(config, data_root):
    method, backbone, _, dataset, target = NAME.fullmatch(
        osp.basename(config)).groups()
    cfg = _load(config, data_root)
    model = MODELS.build(cfg.model)

    assert model.head.num_classes == CLASSES[dataset]
    kinds = dict(rsc=RSC, cnsn=CNSN, mixstyle=MixStyle, dsu=DSU)
    layers = [
        m for m in model.modules() if isinstance(m, tuple(kinds.values()))
    ]
    hooks = [h['type'] for h in cfg.custom_hooks]
    expected = dict(
        erm=0,
        rsc=1,
        cnsn=18 if backbone == 'wrn40_2' else 4,
        mixstyle=3,  # after layer1-3, the official resnet18_ms_l123
        dsu=6)  # the official UResNet's six places
    assert len(layers) == expected[method]
    assert all(isinstance(m, kinds[method]) for m in layers)
    assert (CrossNormActivationHook in hooks) == (method == 'cnsn')
    if backbone.startswith('resnet'):
        init = cfg.model.get('model', cfg.model).backbone.init_cfg
        assert init.type == 'Pretrained'
        assert init.checkpoint.startswith(f'data/pretrained/{backbone}')

    built = {
        k: DATASETS.build(cfg[k].dataset)
        for k in LOADERS if cfg.get(k) is not None
    }
    for ds in built.values():
        assert len(ds) > 0
        assert len(ds.metainfo['classes']) == CLASSES[dataset]
    if dataset == 'cifar10':
        assert type(built['test_dataloader']).__name__ == 'CIFAR10C'
        assert cfg.test_evaluator.type.__name__ == 'CorruptionError'
        return
    # leave one domain out: train (and validate) on the other three only
    held_out = [d for d in DOMAINS[dataset] if d.lower() == target]
    assert _domains(built['test_dataloader']) == set(held_out)
    sources = set(DOMAINS[dataset]) - set(held_out)
    assert _domains(built['train_dataloader']) == sources
    if dataset == 'pacs':
        assert _domains(built['val_dataloader']) == sources
        assert built['val_dataloader'].datasets[0].split == 'val'
    else:  # no source validation split in these releases: no validation
        assert 'val_dataloader' not in built and cfg.val_cfg is None


def _shrink(node):
    """Tiny images: 32x32 crops and resizes instead of 222x222."""
    if isinstance(node, dict):
        name = getattr(node.get('type'), '__name__', node.get('type'))
        if name == 'RandomResizedCrop':
            node['scale'] = 32
        elif name == 'Resize':
            node['scale'] = (32, 32)
        for value in node.values():
            _shrink(value)
    elif isinstance(node, (list, tuple)):
        for item in node:
            _shrink(item)


def _tiny(cfg, work_dir):
    for key in LOADERS:
        if cfg.get(key) is not None:
            _shrink(cfg[key])
            cfg[key].update(
                batch_size=6 if key == 'train_dataloader' else 32,
                num_workers=0,
                persistent_workers=False)
    # one epoch of the 10-12 synthetic images, or 2 iterations where the
    # schedule counts iterations (CIFAR)
    by_epoch = 'max_epochs' in cfg.train_cfg
    cfg.merge_from_dict({
        'work_dir':
        str(work_dir),
        'experiment_name':
        f'test-{uuid.uuid4().hex[:8]}',
        'train_cfg.max_epochs' if by_epoch else 'train_cfg.max_iters':
        1 if by_epoch else 2,
        'default_hooks.checkpoint':
        None,
        'default_hooks.logger.interval':
        1,
    })
    inner = cfg.model.get('model', cfg.model)
    inner.backbone.init_cfg = None  # no ImageNet weights here
    return cfg


@pytest.mark.parametrize('name', [
    'rsc/rsc_resnet18_30e_pacs_sketch.py',
    'cnsn/cnsn_resnet18_30e_vlcs_voc2007.py',
    'erm/erm_resnet18_30e_office_home_art.py',
    'cnsn/cnsn_wrn40_2_100e_cifar10_c.py',
    'mixstyle/mixstyle_resnet18_30e_pacs_photo.py',
    'dsu/dsu_resnet18_30e_office_home_clipart.py',
])
def test_trains_and_tests(name, data_root, tmp_path):
    cfg = _tiny(_load(osp.join(REPO, 'configs', name), data_root), tmp_path)
    runner = Runner.from_cfg(cfg)
    runner.train()
    assert runner.iter == 2  # 10-12 synthetic images, batches of 6
    losses = runner.message_hub.log_scalars['train/loss'].data[0]
    assert len(losses) == 2 and all(
        map(torch.isfinite, map(torch.tensor, losses)))
    metrics = runner.test()
    assert metrics and all(isinstance(v, float) for v in metrics.values())
    if 'cifar10' in name:
        assert any(k.endswith('mCE') for k in metrics), metrics
    if name.startswith('cnsn'):
        assert 'train/cn_active' in runner.message_hub.log_scalars
    if name.startswith('rsc'):
        # the official curriculum's first value, set by RSCBatchPercentHook
        percent = runner.message_hub.get_scalar('train/rsc_batch_percent')
        assert percent.current() == pytest.approx(0.3)


def test_pretrained_placeholder(tmp_path, data_root):
    """A torchvision ImageNet ResNet file loads into the stock mmpretrain
    ResNet through init_cfg; a missing file names the path to set."""
    torchvision = pytest.importorskip('torchvision')
    config = osp.join(REPO, 'configs/rsc/rsc_resnet18_30e_pacs_cartoon.py')
    cfg = _load(config, data_root)
    with pytest.raises(
            FileNotFoundError, match='data/pretrained/resnet18-f37072fd.pth'):
        MODELS.build(cfg.model).init_weights()

    weights = torchvision.models.resnet18().state_dict()
    path = str(tmp_path / 'resnet18.pth')
    torch.save(weights, path)
    cfg.model.model.backbone.init_cfg.checkpoint = path
    model = MODELS.build(cfg.model)
    model.init_weights()
    for key in ('conv1.weight', 'layer4.1.bn2.running_var',
                'layer2.0.downsample.0.weight'):
        torch.testing.assert_close(model.backbone.state_dict()[key],
                                   weights[key])
