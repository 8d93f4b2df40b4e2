# Copyright (c) mmda contributors. All rights reserved.
"""Digits and CIFAR, each from its official release format."""
import numpy as np
import pytest
from synthetic_data import (make_cifar10, make_cifar100, make_cifar_c,
                            make_mnist, make_mnistm, make_svhn, make_usps,
                            value)

from mmda.datasets import (CIFAR10C, CIFAR100C, CORRUPTIONS, MNISTM, SVHN,
                           USPS, CIFAR10Batches, CIFAR100Batches, GrayToRGB,
                           MNISTIdx)
from mmda.registry import DATASETS

DIGITS = [
    dict(type='GrayToRGB'),
    dict(type='Resize', scale=(32, 32)),
    dict(type='PackInputs')
]


def levels_and_labels(ds):
    out = []
    for i in range(len(ds)):
        info = ds.get_data_info(i)
        out.append((int(np.round(info['img'].mean())), info['gt_label']))
    return out


@pytest.mark.parametrize('gz', [True, False])
def test_mnist_idx(tmp_path, gz):
    make_mnist(str(tmp_path), gz=gz)
    train = MNISTIdx(str(tmp_path), split='train', pipeline=DIGITS)
    assert levels_and_labels(train) == [
        (value(lab, k), lab) for k, lab in enumerate((3, 1, 4, 1, 5))
    ]
    assert train.get_data_info(0)['img'].shape == (28, 28)
    assert train.get_data_info(0)['domain'] == 'mnist'
    out = train[2]
    assert tuple(out['inputs'].shape) == (3, 32, 32)
    assert int(out['data_samples'].gt_label) == 4
    test = MNISTIdx(str(tmp_path), split='test')
    assert [lab for _, lab in levels_and_labels(test)] == [9, 2]
    assert train.metainfo['classes'] == tuple('0123456789')


def test_mnist_torchvision_raw_folder(tmp_path):
    make_mnist(str(tmp_path / 'raw'), gz=False)
    assert len(MNISTIdx(str(tmp_path), split='train')) == 5


@pytest.mark.parametrize('compress', [True, False])
def test_usps_libsvm(tmp_path, compress):
    make_usps(str(tmp_path), compress=compress)
    train = USPS(str(tmp_path), split='train', pipeline=DIGITS)
    got = levels_and_labels(train)
    # LIBSVM label 1 is the digit 0; values in [-1, 1] map to 0..255
    assert [lab for _, lab in got] == [0, 9, 4]
    assert all(abs(lv - value(lab, k)) <= 1 for k, (lv, lab) in enumerate(got))
    assert train.get_data_info(0)['img'].shape == (16, 16)
    assert tuple(train[0]['inputs'].shape) == (3, 32, 32)
    assert [
        lab for _, lab in levels_and_labels(USPS(str(tmp_path), split='test'))
    ] == [7]


def test_usps_sparse_line_fills_zeros(tmp_path):
    import bz2
    with bz2.open(tmp_path / 'usps.bz2', 'wt') as f:
        f.write('3 1:1 256:-1\n')
    img = USPS(str(tmp_path)).get_data_info(0)['img']
    assert img[0, 0] == 255 and img[15, 15] == 0 and img[5, 5] == 128
    assert USPS(str(tmp_path)).get_data_info(0)['gt_label'] == 2


def test_svhn_mat(tmp_path):
    make_svhn(str(tmp_path))
    train = SVHN(str(tmp_path), split='train', pipeline=DIGITS)
    # label 10 is the digit 0
    assert levels_and_labels(train) == [(value(lab, k), lab)
                                        for k, lab in enumerate((1, 0, 7))]
    assert train.get_data_info(0)['img'].shape == (32, 32, 3)
    assert [
        lab for _, lab in levels_and_labels(SVHN(str(tmp_path), split='test'))
    ] == [0, 2]


def test_mnistm_folder_and_labels(tmp_path):
    make_mnistm(str(tmp_path))
    pipeline = [dict(type='LoadImageFromFile')] + DIGITS
    train = MNISTM(str(tmp_path), split='train', pipeline=pipeline)
    assert [train.get_data_info(i)['gt_label'] for i in range(3)] == [5, 0, 3]
    out = train[2]
    assert int(out['data_samples'].gt_label) == 3
    assert int(out['inputs'].float().mean().round()) == value(3, 2)
    assert len(MNISTM(str(tmp_path), split='test')) == 2


def test_gray_to_rgb():
    t = GrayToRGB()
    img = np.arange(4, dtype=np.uint8).reshape(2, 2)
    out = t(dict(img=img))['img']
    assert out.shape == (2, 2, 3) and (out[..., 2] == img).all()
    rgb = np.zeros((2, 2, 3), np.uint8)
    assert t(dict(img=rgb))['img'].shape == (2, 2, 3)
    assert t(dict(img=img[..., None]))['img'].shape == (2, 2, 3)


def test_digit_domains_share_one_label_space(tmp_path):
    make_mnist(str(tmp_path / 'mnist'))
    make_svhn(str(tmp_path / 'svhn'))
    make_usps(str(tmp_path / 'usps'))
    make_mnistm(str(tmp_path / 'mnistm'))
    sets = [
        MNISTIdx(str(tmp_path / 'mnist')),
        SVHN(str(tmp_path / 'svhn')),
        USPS(str(tmp_path / 'usps')),
        MNISTM(str(tmp_path / 'mnistm'))
    ]
    assert len({ds.metainfo['classes'] for ds in sets}) == 1


def test_cifar10_and_100_pickles(tmp_path):
    make_cifar10(str(tmp_path))
    train = CIFAR10Batches(str(tmp_path), split='train')
    assert [lab for _, lab in levels_and_labels(train)] == list(range(10))
    assert levels_and_labels(CIFAR10Batches(str(tmp_path), split='test')) == [
        (value(lab, k), lab) for k, lab in enumerate((9, 0, 5))
    ]
    # data_root may also be the batches folder itself
    direct = CIFAR10Batches(
        str(tmp_path / 'cifar-10-batches-py'), split='test')
    img = direct.get_data_info(0)['img']
    assert img.shape == (32, 32, 3) and img.dtype == np.uint8
    make_cifar100(str(tmp_path))
    c100 = CIFAR100Batches(str(tmp_path), split='train')
    assert [lab for _, lab in levels_and_labels(c100)] == [99, 0, 50]
    assert len(c100.metainfo['classes']) == 100


def test_cifar_pickle_planes_are_rgb(tmp_path):
    import pickle
    folder = tmp_path / 'cifar-10-batches-py'
    folder.mkdir()
    data = np.zeros((1, 3072), np.uint8)
    data[0, :1024], data[0, 1024:2048], data[0, 2048:] = 10, 20, 30
    with open(folder / 'test_batch', 'wb') as f:
        pickle.dump({'data': data, 'labels': [1]}, f)
    img = CIFAR10Batches(str(tmp_path), split='test').get_data_info(0)['img']
    assert tuple(img[0, 0]) == (10, 20, 30)


def test_cifar10_c_selects_corruption_and_severity(tmp_path):
    labels = make_cifar_c(str(tmp_path), corruptions=('gaussian_noise', 'fog'))
    ds = CIFAR10C(
        str(tmp_path),
        corruption='fog',
        severity=3,
        pipeline=[dict(type='PackInputs')])
    assert len(ds) == 3
    for r in range(3):
        info = ds.get_data_info(r)
        assert info['corruption'] == 'fog' and info['severity'] == 3
        assert int(info['img'].mean()) == 40 * 1 + 8 * 3 + r
        assert info['gt_label'] == labels[2 * 3 + r]
    both = CIFAR10C(
        str(tmp_path), corruption=['gaussian_noise', 'fog'], severity=[1, 5])
    assert len(both) == 12
    seen = {(both.get_data_info(i)['corruption'],
             both.get_data_info(i)['severity'])
            for i in range(12)}
    assert seen == {(c, s) for c in ('gaussian_noise', 'fog') for s in (1, 5)}
    assert int(both.get_data_info(3)['img'].mean()) == 8 * 5 + 0
    assert list(both.get_gt_labels()
                ) == [int(labels[r]) for r in (0, 1, 2, 12, 13, 14)] * 2
    # the arrays are memory-mapped and not pickled into workers
    import pickle
    clone = pickle.loads(pickle.dumps(both))
    assert clone._arrays == {}
    assert int(clone.get_data_info(3)['img'].mean()) == 40


def test_cifar_c_all_means_the_15_standard(tmp_path):
    make_cifar_c(str(tmp_path), corruptions=CORRUPTIONS, n=1)
    ds = CIFAR10C(str(tmp_path))
    assert len(ds) == 75
    with pytest.raises(FileNotFoundError, match='saturate.npy'):
        CIFAR10C(str(tmp_path), corruption='saturate')


def test_cifar100_c(tmp_path):
    make_cifar_c(str(tmp_path), corruptions=('snow', ), n=2, num_classes=100)
    ds = DATASETS.build(
        dict(
            type='CIFAR100C',
            data_root=str(tmp_path),
            corruption='snow',
            severity=2))
    assert isinstance(ds, CIFAR100C) and len(ds) == 2
    assert len(ds.metainfo['classes']) == 100
