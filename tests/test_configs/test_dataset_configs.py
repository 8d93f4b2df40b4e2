# Copyright (c) mmda contributors. All rights reserved.
"""Each benchmark's base dataset config builds its loaders' datasets on
tiny synthetic data in the release layout, and yields samples."""
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from synthetic_data import (folder_domain, make_cifar10, make_cifar100,
                            make_cifar_c, make_mnist, make_mnistm, make_svhn,
                            make_usps, relocate_data_roots, write_list)

from mmda.datasets import CORRUPTIONS
from mmda.registry import DATASETS, METRICS

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
LOADERS = ('train_dataloader', 'target_dataloader', 'val_dataloader',
           'test_dataloader')


def _office31(root):
    for d in ('amazon', 'webcam'):
        folder_domain(root, f'office31/{d}/images', ('bike', 'mug'))


def _office_home(root):
    for d in ('Art', 'Clipart'):
        folder_domain(root, f'office_home/{d}', ('Bike', 'Mug'))


def _image_clef(root):
    for d in ('i', 'p'):
        folder_domain(root, f'image_clef/{d}', ('bike', 'people'))


def _visda(root):
    for d in ('train', 'validation'):
        folder_domain(root, f'visda2017/{d}', ('car', 'truck'))


def _domainnet(root):
    from mmda.datasets import DOMAINNET_CLASSES as C
    for d in ('clipart', 'sketch'):
        entries = [(rel, C.index(rel.split('/')[1]))
                   for rel, _ in folder_domain(
                       osp.join(root, 'domainnet'), d, ('axe', 'zebra'))]
        for split in ('train', 'test'):
            write_list(osp.join(root, f'domainnet/{d}_{split}.txt'), entries)


def _pacs(root):
    from mmda.datasets import PACS_CLASSES as C
    for d in ('art_painting', 'cartoon', 'photo', 'sketch'):
        entries = [(rel, C.index(rel.split('/')[1]))
                   for rel, _ in folder_domain(
                       osp.join(root, 'pacs/kfold'), d, ('dog', 'house'))]
        for split in ('train', 'crossval', 'test'):
            name = f'pacs/pacs_label/{d}_{split}_kfold.txt'
            write_list(osp.join(root, name), entries, offset=1)


def _vlcs(root):
    for d in ('Caltech101', 'LabelMe', 'SUN09', 'VOC2007'):
        folder_domain(root, f'vlcs/{d}', ('bird', 'dog'))


def _digits(root):
    make_mnist(osp.join(root, 'digits/mnist'))
    make_usps(osp.join(root, 'digits/usps'))
    make_svhn(osp.join(root, 'digits/svhn'))
    make_mnistm(osp.join(root, 'digits/mnist_m'))


def _cifar10_c(root):
    make_cifar10(osp.join(root, 'cifar10'))
    make_cifar_c(osp.join(root, 'CIFAR-10-C'), corruptions=CORRUPTIONS, n=1)


def _cifar100_c(root):
    make_cifar100(osp.join(root, 'cifar100'))
    make_cifar_c(
        osp.join(root, 'CIFAR-100-C'),
        corruptions=CORRUPTIONS,
        n=1,
        num_classes=100)


CASES = {
    'office31': _office31,
    'office_home': _office_home,
    'image_clef': _image_clef,
    'visda2017': _visda,
    'domainnet': _domainnet,
    'pacs': _pacs,
    'vlcs': _vlcs,
    'digits': _digits,
    'cifar10_c': _cifar10_c,
    'cifar100_c': _cifar100_c,
}


@pytest.mark.parametrize('name', sorted(CASES))
def test_base_dataset_config_builds(tmp_path, name):
    root = str(tmp_path)
    CASES[name](root)
    cfg = Config.fromfile(osp.join(REPO, f'configs/_base_/datasets/{name}.py'))
    found = [k for k in LOADERS if k in cfg]
    assert {'train_dataloader', 'val_dataloader',
            'test_dataloader'} <= set(found)
    for key in found:
        loader = cfg[key].to_dict() if hasattr(cfg[key], 'to_dict') else \
            dict(cfg[key])
        relocate_data_roots(loader, root)
        dataset = DATASETS.build(loader['dataset'])
        assert len(dataset) > 0
        sample = dataset[0]
        assert isinstance(sample['inputs'], torch.Tensor)
        assert sample['inputs'].shape[0] == 3
        if 'gt_label' in sample['data_samples']:
            assert 0 <= int(sample['data_samples'].gt_label) < len(
                dataset.metainfo['classes'])
    for key in ('val_evaluator', 'test_evaluator'):
        METRICS.build(cfg[key])
