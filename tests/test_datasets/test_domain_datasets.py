# Copyright (c) mmda contributors. All rights reserved.
"""The image-file benchmarks, each in its release layouts."""
import os
import os.path as osp
import re

import pytest
from synthetic_data import (folder_domain, image_level, value, write_image,
                            write_list)

from mmda.datasets import (DOMAINNET_CLASSES, IMAGE_CLEF_CLASSES,
                           OFFICE31_CLASSES, OFFICE_HOME_CLASSES, PACS,
                           PACS_CLASSES, VISDA2017_CLASSES, VLCS, VLCS_CLASSES,
                           DatasetFormatError, DomainNet, ImageCLEF, Office31,
                           OfficeHome, VisDA2017)

PIPELINE = [dict(type='LoadImageFromFile'), dict(type='PackInputs')]


def check_samples(ds, expected, root, tol=0):
    """Every sample is the expected file, with its label, and loads the
    image that encodes that label."""
    assert len(ds) == len(expected)
    got = {
        ds.get_data_info(i)['img_path']: ds.get_data_info(i)['gt_label']
        for i in range(len(ds))
    }
    want = {osp.join(root, rel): label for rel, label in expected}
    assert {osp.normpath(k): v for k, v in got.items()} == \
        {osp.normpath(k): v for k, v in want.items()}
    for i in range(len(ds)):
        info = ds.get_data_info(i)
        k = int(re.search(r'(\d+)\.\w+$', info['img_path']).group(1))
        level = image_level(info['img_path'])
        assert abs(level - value(info['gt_label'], k)) <= tol
    out = ds[0]
    assert int(out['data_samples'].gt_label) == ds.get_data_info(0)['gt_label']
    assert out['inputs'].shape[0] == 3


def test_class_lists_follow_the_releases():
    counts = {
        OFFICE31_CLASSES: 31,
        OFFICE_HOME_CLASSES: 65,
        VISDA2017_CLASSES: 12,
        PACS_CLASSES: 7,
        VLCS_CLASSES: 5,
        DOMAINNET_CLASSES: 345,
        IMAGE_CLEF_CLASSES: 12
    }
    for classes, n in counts.items():
        assert len(classes) == len(set(classes)) == n
    # folder-per-class releases: the sorted folder names
    for classes in (OFFICE31_CLASSES, OFFICE_HOME_CLASSES, VISDA2017_CLASSES,
                    PACS_CLASSES, VLCS_CLASSES, IMAGE_CLEF_CLASSES):
        assert list(classes) == sorted(classes)
    # DomainNet's split files: sorted ignoring case and punctuation
    key = lambda s: re.sub('[^a-z0-9]', '', s.lower())  # noqa: E731
    assert list(DOMAINNET_CLASSES) == sorted(DOMAINNET_CLASSES, key=key)
    assert DOMAINNET_CLASSES[:3] == ('aircraft_carrier', 'airplane',
                                     'alarm_clock')
    assert DOMAINNET_CLASSES[-1] == 'zigzag'
    assert DOMAINNET_CLASSES.index('The_Eiffel_Tower') == 308
    assert OFFICE31_CLASSES[0] == 'back_pack'
    assert OFFICE_HOME_CLASSES[58:60] == ('TV', 'Table')
    assert IMAGE_CLEF_CLASSES[11] == 'people'
    for cls, n in ((Office31, 3), (OfficeHome, 4), (VisDA2017, 3), (PACS, 4),
                   (VLCS, 4), (DomainNet, 6), (ImageCLEF, 4)):
        assert len(cls.DOMAINS) == n


# --------------------------------------------------------------- Office-31
def test_office31_folder_and_list(tmp_path):
    root = str(tmp_path)
    classes = OFFICE31_CLASSES
    entries = folder_domain(
        root, 'amazon/images', classes, per_class=1, ext='jpg')
    ds = Office31(root, domain='A', pipeline=PIPELINE)
    assert ds.sources['amazon'].endswith('amazon/images')
    check_samples(ds, entries, root, tol=2)
    assert ds.get_data_info(0)['domain'] == 'amazon'
    # the image lists of DA code take precedence where present
    write_list(osp.join(root, 'image_list/amazon.txt'), entries[::2])
    ds = Office31(root, domain='amazon', pipeline=PIPELINE)
    assert ds.sources['amazon'].endswith('image_list/amazon.txt')
    check_samples(ds, entries[::2], root, tol=2)
    # forcing the folder layout
    ds = Office31(root, domain='amazon', layout='folder')
    assert len(ds) == len(entries)


# ------------------------------------------------------------- Office-Home
def test_office_home_release_folder_with_space(tmp_path):
    root = str(tmp_path)
    picked = OFFICE_HOME_CLASSES[:3] + OFFICE_HOME_CLASSES[-2:]
    entries = [(rel, OFFICE_HOME_CLASSES.index(rel.split('/')[1]))
               for rel, _ in folder_domain(root, 'Real World', picked)]
    ds = OfficeHome(root, domain='Rw', pipeline=PIPELINE)
    assert ds.domains == ['Real_World']
    expected = [(r, lab) for r, lab in entries]
    got = sorted((osp.relpath(ds.get_data_info(i)['img_path'], root),
                  ds.get_data_info(i)['gt_label']) for i in range(len(ds)))
    assert got == sorted(expected)
    assert ds.get_data_info(0)['domain'] == 'Real_World'
    assert int(ds[0]['data_samples'].gt_label) == \
        ds.get_data_info(0)['gt_label']


def test_office_home_list_with_author_prefix(tmp_path):
    root = str(tmp_path)
    entries = folder_domain(root, 'Art', OFFICE_HOME_CLASSES[:4])
    # lists from other code bases carry their author's absolute prefix
    write_list(
        osp.join(root, 'Art.txt'),
        entries,
        prefix='/home/someone/data/OfficeHome/')
    ds = OfficeHome(root, domain='Art', pipeline=PIPELINE)
    check_samples(ds, entries, root)


def test_list_in_another_class_order_is_refused(tmp_path):
    root = str(tmp_path)
    entries = folder_domain(root, 'Art', OFFICE_HOME_CLASSES[:2])
    # Transfer-Learning-Library numbers Alarm_Clock 33
    shifted = [(rel, 33 if lab == 0 else lab) for rel, lab in entries]
    write_list(osp.join(root, 'image_list/Art.txt'), shifted)
    with pytest.raises(
            DatasetFormatError,
            match=r"Art.txt:1: .*'Alarm_Clock', which is class 0.*"
            r'label is 33.*classes='):
        OfficeHome(root, domain='Art')
    # with the list's order given, the same list loads
    order = list(OFFICE_HOME_CLASSES)
    order[0], order[33] = order[33], order[0]
    ds = OfficeHome(root, domain='Art', classes=order)
    assert ds.get_data_info(0)['gt_label'] == 33
    assert ds.metainfo['classes'][33] == 'Alarm_Clock'


# --------------------------------------------------------------- VisDA-2017
def test_visda_release_lists_and_unlabelled_test(tmp_path):
    root = str(tmp_path)
    entries = folder_domain(root, 'train', VISDA2017_CLASSES)
    # the release's train/image_list.txt is relative to train/
    write_list(
        osp.join(root, 'train/image_list.txt'),
        [(rel[len('train/'):], lab) for rel, lab in entries])
    ds = VisDA2017(root, domain='synthetic', pipeline=PIPELINE)
    check_samples(ds, entries, root)
    val = folder_domain(root, 'validation', VISDA2017_CLASSES, ext='jpg')
    ds = VisDA2017(root, domain='validation', pipeline=PIPELINE)
    check_samples(ds, val, root, tol=2)
    # test: released without labels
    paths = [
        write_image(osp.join(root, f'test/trunk0{k}/{k:03d}.jpg'), 50)
        for k in range(3)
    ]
    with open(osp.join(root, 'test/image_list.txt'), 'w') as f:
        f.write(''.join(
            osp.relpath(p, osp.join(root, 'test')) + '\n' for p in paths))
    ds = VisDA2017(root, domain='test', pipeline=PIPELINE)
    assert len(ds) == 3 and 'gt_label' not in ds.get_data_info(0)
    assert 'gt_label' not in ds[0]['data_samples']
    os.remove(osp.join(root, 'test/image_list.txt'))
    ds = VisDA2017(root, domain='test')
    assert sorted(ds.get_data_info(i)['img_path'] for i in range(3)) == \
        sorted(paths)


def test_unlabelled_list_of_labelled_domain_is_refused(tmp_path):
    root = str(tmp_path)
    entries = folder_domain(root, 'validation', VISDA2017_CLASSES[:1])
    with open(osp.join(root, 'validation/image_list.txt'), 'w') as f:
        f.write(''.join(rel[len('validation/'):] + '\n' for rel, _ in entries))
    with pytest.raises(DatasetFormatError, match='has no labels'):
        VisDA2017(root, domain='validation')


# -------------------------------------------------------------------- PACS
def test_pacs_official_split_files_are_one_based(tmp_path):
    root = str(tmp_path)
    entries = folder_domain(root, 'kfold/photo', PACS_CLASSES, ext='jpg')
    rel = [(r[len('kfold/'):], lab) for r, lab in entries]
    write_list(
        osp.join(root, 'pacs_label/photo_train_kfold.txt'),
        rel[::2],
        offset=1,
        prefix='/')
    write_list(
        osp.join(root, 'pacs_label/photo_crossval_kfold.txt'),
        rel[1::2],
        offset=1)
    train = PACS(root, domain='photo', split='train', pipeline=PIPELINE)
    check_samples(train, entries[::2], root, tol=2)
    val = PACS(root, domain='P', split='val', pipeline=PIPELINE)
    check_samples(val, entries[1::2], root, tol=2)
    whole = PACS(root, domain='photo', pipeline=PIPELINE)
    check_samples(whole, entries, root, tol=2)
    with pytest.raises(FileNotFoundError, match='photo_test_kfold'):
        PACS(root, domain='photo', split='test')


def test_zero_based_list_in_pacs_is_caught(tmp_path):
    root = str(tmp_path)
    entries = folder_domain(root, 'sketch', PACS_CLASSES[:2])
    write_list(osp.join(root, 'pacs_label/sketch_test_kfold.txt'), entries)
    with pytest.raises(
            DatasetFormatError,
            match=r'label 0 .* out of range after subtracting '
            r'the label offset 1; expected a class index in '
            r'\[1, 7\]'):
        PACS(root, domain='sketch', split='test')
    ds = PACS(root, domain='sketch', split='test', label_offset=0)
    assert len(ds) == 4


# -------------------------------------------------------------------- VLCS
def test_vlcs_domainbed_and_original_layouts(tmp_path):
    root = str(tmp_path)
    entries = folder_domain(root, 'SUN09', VLCS_CLASSES, ext='jpg')
    ds = VLCS(root, domain='S', pipeline=PIPELINE)
    check_samples(ds, entries, root, tol=2)
    # original release: CALTECH/<split>/<class index>/
    entries = folder_domain(
        root,
        'CALTECH/crossval',
        VLCS_CLASSES,
        class_dirs=[str(i) for i in range(5)])
    ds = VLCS(root, domain='caltech', split='val', pipeline=PIPELINE)
    check_samples(ds, entries, root)


# --------------------------------------------------------------- DomainNet
def test_domainnet_split_files(tmp_path):
    root = str(tmp_path)
    picked = [DOMAINNET_CLASSES[i] for i in (0, 61, 308, 344)]
    entries = [(rel, DOMAINNET_CLASSES.index(rel.split('/')[1]))
               for rel, _ in folder_domain(
                   root, 'clipart', picked, per_class=2, ext='jpg')]
    write_list(osp.join(root, 'clipart_train.txt'), entries[::2])
    write_list(osp.join(root, 'clipart_test.txt'), entries[1::2])
    train = DomainNet(root, domain='clipart', split='train', pipeline=PIPELINE)
    test = DomainNet(root, domain='c', split='test', pipeline=PIPELINE)
    assert len(train) == len(test) == 4
    got = {
        train.get_data_info(i)['img_path']: train.get_data_info(i)['gt_label']
        for i in range(4)
    }
    assert got == {osp.join(root, r): lab for r, lab in entries[::2]}
    assert int(test[2]['data_samples'].gt_label) == 308
    # the whole domain from its folders
    assert len(DomainNet(root, domain='clipart')) == 8


# -------------------------------------------------------------- ImageCLEF
def test_image_clef_flat_folders_and_list(tmp_path):
    root = str(tmp_path)
    entries = []
    for k, label in enumerate([0, 2, 11, 2]):
        rel = f'c/{100 + label}_{k:04d}.jpg'
        write_image(osp.join(root, rel), value(label, k))
        entries.append((rel, label))
    # the lists' leading folders differ between copies
    write_list(
        osp.join(root, 'list/cList.txt'), entries, prefix='data/imageCLEF/')
    ds = ImageCLEF(root, domain='c', pipeline=PIPELINE)
    check_samples(ds, entries, root, tol=2)


# ------------------------------------------------------------ multi-domain
def test_domain_list_concatenates_with_domain_index(tmp_path):
    root = str(tmp_path)
    for d in PACS.DOMAINS:
        folder_domain(root, d, PACS_CLASSES, per_class=1)
    ds = PACS(root, domain=['cartoon', 'photo'], pipeline=PIPELINE)
    assert len(ds) == 14 and ds.metainfo['domains'] == ('cartoon', 'photo')
    infos = [ds.get_data_info(i) for i in range(14)]
    assert [i['domain_idx'] for i in infos] == [0] * 7 + [1] * 7
    assert {i['domain'] for i in infos[7:]} == {'photo'}
    assert all(f"/{i['domain']}/" in i['img_path'] for i in infos)
