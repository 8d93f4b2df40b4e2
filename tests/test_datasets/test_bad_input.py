# Copyright (c) mmda contributors. All rights reserved.
"""Each bad input fails with an error that names the file or the domain and
says what was expected; nothing is dropped silently."""
import bz2
import os
import os.path as osp
import pickle

import numpy as np
import pytest
from synthetic_data import (folder_domain, make_cifar10, make_cifar_c,
                            make_mnist, make_mnistm, make_svhn, write_idx,
                            write_image, write_list)

from mmda.datasets import (CIFAR10C, MNISTM, PACS, SVHN, USPS, VLCS,
                           CIFAR10Batches, DatasetFormatError, DomainNet,
                           ImageCLEF, MNISTIdx, MultiDomainDataset, Office31,
                           OfficeHome, UnlabeledDataset, VisDA2017)

PIPELINE = [dict(type='LoadImageFromFile'), dict(type='PackInputs')]


# ------------------------------------------------------------ missing root
@pytest.mark.parametrize('make', [
    lambda r: Office31(r, domain='amazon'),
    lambda r: OfficeHome(r, domain='Art'),
    lambda r: VisDA2017(r, domain='train'),
    lambda r: PACS(r, domain='photo'),
    lambda r: VLCS(r, domain='SUN09'),
    lambda r: DomainNet(r, domain='real', split='train'),
    lambda r: ImageCLEF(r, domain='p'),
    lambda r: MNISTIdx(r),
    lambda r: USPS(r),
    lambda r: SVHN(r),
    lambda r: MNISTM(r),
    lambda r: CIFAR10Batches(r),
    lambda r: CIFAR10C(r),
])
def test_missing_root(tmp_path, make):
    root = str(tmp_path / 'nowhere')
    with pytest.raises(
            FileNotFoundError,
            match=r"data_root '.*nowhere' does not exist; "
            'expected the folder that holds'):
        make(root)


def test_root_without_the_domain(tmp_path):
    with pytest.raises(
            FileNotFoundError,
            match=r"found no data for domain 'webcam'.*"
            r'image_list/webcam.txt.*webcam/images'):
        Office31(str(tmp_path), domain='webcam')


def test_missing_array_files_are_named(tmp_path):
    with pytest.raises(FileNotFoundError, match='t10k-images-idx3-ubyte'):
        MNISTIdx(str(tmp_path), split='test')
    with pytest.raises(FileNotFoundError, match='usps.t.bz2'):
        USPS(str(tmp_path), split='test')
    with pytest.raises(FileNotFoundError, match='test_32x32.mat'):
        SVHN(str(tmp_path), split='test')
    with pytest.raises(FileNotFoundError, match='data_batch_1'):
        CIFAR10Batches(str(tmp_path))
    with pytest.raises(FileNotFoundError, match='labels.npy'):
        CIFAR10C(str(tmp_path), corruption='fog', severity=1)


# ---------------------------------------------------------- unknown domain
@pytest.mark.parametrize('cls, bad, listed', [
    (Office31, 'amazn', 'amazon, dslr, webcam'),
    (OfficeHome, 'Photo', 'Art, Clipart, Product, Real_World'),
    (PACS, 'painting', 'art_painting, cartoon, photo, sketch'),
    (VLCS, 'ImageNet', 'Caltech101, LabelMe, SUN09, VOC2007'),
    (DomainNet, 'drawing', 'clipart, infograph'),
    (VisDA2017, 'synth', 'train, validation, test'),
    (ImageCLEF, 'x', 'b, c, i, p'),
])
def test_unknown_domain(tmp_path, cls, bad, listed):
    with pytest.raises(
            ValueError,
            match=f"{cls.__name__}: unknown domain '{bad}'; "
            f'expected one of {listed}'):
        cls(str(tmp_path), domain=bad)


def test_unknown_domain_in_a_list_and_leave_out(tmp_path):
    with pytest.raises(ValueError, match="PACS: unknown domain 'foto'"):
        PACS(str(tmp_path), domain=['photo', 'foto'])
    with pytest.raises(ValueError, match="PACS: unknown domain 'foto'"):
        MultiDomainDataset(
            dataset=dict(type=PACS, data_root=str(tmp_path)), leave_out='foto')


def test_unknown_split_and_corruption(tmp_path):
    with pytest.raises(ValueError, match="DomainNet: unknown split 'val'"):
        DomainNet(str(tmp_path), domain='real', split='val')
    with pytest.raises(
            ValueError,
            match="unknown corruption 'blur'; expected \"all\" "
            'or one of gaussian_noise'):
        CIFAR10C(str(tmp_path), corruption='blur')
    with pytest.raises(ValueError, match='unknown severity 6'):
        CIFAR10C(str(tmp_path), severity=6)


# ----------------------------------------------- list line at missing file
def test_list_line_at_missing_file(tmp_path):
    root = str(tmp_path)
    entries = [
        (rel, 1 if '/bike/' in rel else 17)
        for rel, _ in folder_domain(root, 'dslr/images', ('bike', 'mug'))
    ]
    entries.insert(2, ('dslr/images/mug/gone.png', 17))
    write_list(osp.join(root, 'image_list/dslr.txt'), entries)
    with pytest.raises(
            FileNotFoundError,
            match=r"1 of 5 lines of image list '.*dslr.txt' "
            r"\(domain 'dslr'\) point at missing files: line 3: "
            "'dslr/images/mug/gone.png'"):
        Office31(root, domain='dslr')


def test_list_whose_first_line_is_missing(tmp_path):
    root = str(tmp_path)
    write_list(
        osp.join(root, 'clipart_test.txt'), [('clipart/axe/none.jpg', 11)])
    with pytest.raises(
            FileNotFoundError,
            match=r"clipart_test.txt:1: 'clipart/axe/none.jpg' "
            'points at a missing file'):
        DomainNet(root, domain='clipart', split='test')


def test_explicit_ann_file_missing(tmp_path):
    with pytest.raises(
            FileNotFoundError,
            match=r"image list '.*my.txt' for domain 'amazon'"):
        Office31(str(tmp_path), domain='amazon', ann_file='my.txt')


# ------------------------------------------------- unreadable/corrupt image
def _corrupt_office(root):
    entries = folder_domain(root, 'webcam/images', ('pen', 'ruler'), ext='jpg')
    bad = osp.join(root, entries[1][0])
    with open(bad, 'wb') as f:
        f.write(b'this is not a jpeg')
    return bad


def test_corrupt_image_fails_when_drawn(tmp_path):
    bad = _corrupt_office(str(tmp_path))
    ds = Office31(str(tmp_path), domain='webcam', pipeline=PIPELINE)
    ds[0]
    # in training mode too: the sample is not replaced by another one
    with pytest.raises(
            DatasetFormatError,
            match=f"cannot read image '{bad}' .*domain 'webcam'.*"
            'Expected a readable image file'):
        ds[1]
    # and through the target wrapper of UDA
    with pytest.raises(DatasetFormatError, match='cannot read image'):
        UnlabeledDataset(ds)[1]


def test_corrupt_image_fails_at_load_with_verify(tmp_path):
    bad = _corrupt_office(str(tmp_path))
    with pytest.raises(
            DatasetFormatError, match=f"cannot decode image '{bad}'"):
        Office31(str(tmp_path), domain='webcam', verify_images=True)


def test_truncated_image_is_caught_by_verify(tmp_path):
    root = str(tmp_path)
    path = write_image(osp.join(root, 'Art/Mug/img_000.jpg'), 100, size=64)
    data = open(path, 'rb').read()
    with open(path, 'wb') as f:
        f.write(data[:len(data) // 2])
    with pytest.raises(DatasetFormatError, match='cannot decode image'):
        OfficeHome(root, domain='Art', verify_images=True)


def test_ignore_empty_cannot_drop_samples(tmp_path):
    pipeline = [
        dict(type='LoadImageFromFile', ignore_empty=True),
        dict(type='PackInputs')
    ]
    folder_domain(str(tmp_path), 'webcam/images', ('pen', ))
    ds = Office31(str(tmp_path), domain='webcam', pipeline=pipeline)
    # a file removed after loading: the transform returns None
    os.remove(ds.get_data_info(1)['img_path'])
    with pytest.raises(
            DatasetFormatError, match=r"returned nothing for '.*img_001.png'"):
        ds[1]


def test_corrupt_array_files(tmp_path):
    (tmp_path / 'train-images-idx3-ubyte').write_bytes(b'\x00\x00\x08\x01' * 5)
    (tmp_path / 'train-labels-idx1-ubyte').write_bytes(b'')
    with pytest.raises(
            DatasetFormatError,
            match=r"train-images-idx3-ubyte' has magic number "
            '00000801.*expected 00000803'):
        MNISTIdx(str(tmp_path))
    write_idx(str(tmp_path / 'train-images-idx3-ubyte'), np.zeros((2, 28, 28)))
    data = (tmp_path / 'train-images-idx3-ubyte').read_bytes()
    (tmp_path / 'train-images-idx3-ubyte').write_bytes(data[:-5])
    with pytest.raises(DatasetFormatError, match='truncated'):
        MNISTIdx(str(tmp_path))
    (tmp_path / 'test_32x32.mat').write_bytes(b'not a mat file')
    with pytest.raises(
            DatasetFormatError, match="cannot read .*test_32x32.mat"):
        SVHN(str(tmp_path), split='test')
    with bz2.open(tmp_path / 'usps.bz2', 'wt') as f:
        f.write('3 1:0.5 2:x\n')
    with pytest.raises(
            DatasetFormatError,
            match=r"usps.bz2:1: '2:x' is not \"index:value\""):
        USPS(str(tmp_path))
    with bz2.open(tmp_path / 'usps.bz2', 'wt') as f:
        f.write('3 1:0.5\n3.7 1:0.5\n')
    with pytest.raises(
            DatasetFormatError,
            match=r"usps.bz2:2: label '3.7' is not an integer"):
        USPS(str(tmp_path))
    with bz2.open(tmp_path / 'usps.bz2', 'wt') as f:
        f.write('3.0 1:0.5\n4 1:0.5 7:0.1 7:-0.2\n')
    with pytest.raises(
            DatasetFormatError,
            match=r'usps.bz2:2: pixel index 7 appears twice'):
        USPS(str(tmp_path))
    # a plain-text copy cut mid-line
    line = '3 ' + ' '.join(f'{i}:-1' for i in range(1, 257)) + '\n'
    plain = tmp_path / 'plain'
    plain.mkdir()
    (plain / 'usps').write_text(line * 2 + line[:100])
    with pytest.raises(
            DatasetFormatError,
            match=r'usps:3: the file ends in the middle of this line \(no '
            r'line end, 18 of 256 values\): it is cut short'):
        USPS(str(plain))
    # a complete last line may lack its line end
    (plain / 'usps').write_text(line * 2 + line.rstrip('\n'))
    assert len(USPS(str(plain))) == 3
    (tmp_path / 'usps.bz2').write_bytes(b'not bzip2')
    with pytest.raises(DatasetFormatError, match='cannot read .*usps.bz2'):
        USPS(str(tmp_path))
    make_cifar10(str(tmp_path))
    (tmp_path / 'cifar-10-batches-py' / 'test_batch').write_bytes(b'junk')
    with pytest.raises(
            DatasetFormatError, match="cannot unpickle .*test_batch"):
        CIFAR10Batches(str(tmp_path), split='test')


# -------------------------------------- labels disagreeing with the images
def test_idx_label_count_disagrees(tmp_path):
    make_mnist(str(tmp_path), gz=False)
    write_idx(str(tmp_path / 'train-labels-idx1-ubyte'), np.array([1, 2]))
    with pytest.raises(
            DatasetFormatError,
            match=r'train-images-idx3-ubyte and .*train-labels-'
            r'idx1-ubyte holds 5 images but 2 labels'):
        MNISTIdx(str(tmp_path))


def test_svhn_label_count_disagrees(tmp_path):
    from scipy.io import savemat
    savemat(
        str(tmp_path / 'train_32x32.mat'), {
            'X': np.zeros((32, 32, 3, 4), np.uint8),
            'y': np.ones((3, 1), np.uint8)
        })
    with pytest.raises(
            DatasetFormatError,
            match='train_32x32.mat holds 4 images but 3 labels'):
        SVHN(str(tmp_path))


def test_mnistm_labels_list_disagrees_with_folder(tmp_path):
    make_mnistm(str(tmp_path))
    # an image the list does not label
    write_image(str(tmp_path / 'mnist_m_train' / 'extra.png'), 3, size=28)
    with pytest.raises(
            DatasetFormatError,
            match=r"mnist_m_train_labels.txt' has 3 labels for 4 "
            r"images .*Images without a label: extra.png"):
        MNISTM(str(tmp_path))
    # a label whose image is missing
    os.remove(tmp_path / 'mnist_m_train' / 'extra.png')
    os.remove(tmp_path / 'mnist_m_train' / '00000001.png')
    with pytest.raises(FileNotFoundError, match="line 2: '00000001.png'"):
        MNISTM(str(tmp_path))


def test_cifar_c_count_disagrees(tmp_path):
    make_cifar_c(str(tmp_path), corruptions=('fog', ), n=3)
    np.save(tmp_path / 'fog.npy', np.zeros((10, 32, 32, 3), np.uint8))
    with pytest.raises(
            DatasetFormatError,
            match=r"fog.npy' holds 10 images but labels.npy has "
            '15 labels'):
        CIFAR10C(str(tmp_path), corruption='fog')
    np.save(tmp_path / 'labels.npy', np.zeros(7, np.int64))
    with pytest.raises(
            DatasetFormatError,
            match=r'labels.npy.* has shape \(7,\); expected '
            r'\(5 \* n,\)'):
        CIFAR10C(str(tmp_path), corruption='fog')


def test_cifar_pickle_count_disagrees(tmp_path):
    folder = make_cifar10(str(tmp_path))
    with open(osp.join(folder, 'test_batch'), 'wb') as f:
        pickle.dump({
            'data': np.zeros((3, 3072), np.uint8),
            'labels': [1, 2]
        }, f)
    with pytest.raises(
            DatasetFormatError,
            match='test_batch holds 3 images but 2 labels'):
        CIFAR10Batches(str(tmp_path), split='test')


# --------------------------------------------- class index out of range
def test_list_label_out_of_range(tmp_path):
    root = str(tmp_path)
    entries = folder_domain(root, 'amazon/images', ('other', ))
    write_list(
        osp.join(root, 'image_list/amazon.txt'), [(entries[0][0], 17),
                                                  (entries[1][0], 31)])
    with pytest.raises(
            DatasetFormatError,
            match=r'amazon.txt:2: label 31 of .* is out of '
            r'range; expected a class index in \[0, 30\] for '
            'the 31 classes of Office31'):
        Office31(root, domain='amazon')


@pytest.mark.parametrize('fmt', ['mnist', 'usps', 'svhn', 'cifar', 'cifar_c'])
def test_array_label_out_of_range(tmp_path, fmt):
    root = str(tmp_path)
    if fmt == 'mnist':
        make_mnist(root, gz=False)
        write_idx(
            osp.join(root, 'train-labels-idx1-ubyte'),
            np.array([1, 2, 10, 3, 4]))
        make, match = MNISTIdx, r'label 10 of image 2 is out of range'
    elif fmt == 'usps':
        with bz2.open(osp.join(root, 'usps.bz2'), 'wt') as f:
            f.write('1 1:0\n11 1:0\n')
        make, match = USPS, r'usps.bz2:2: label 11 is out of range; ' \
            r'expected 1..10'
    elif fmt == 'svhn':
        make_svhn(root, labels=(1, 2))
        from scipy.io import loadmat, savemat
        mat = loadmat(osp.join(root, 'train_32x32.mat'))
        savemat(
            osp.join(root, 'train_32x32.mat'), {
                'X': mat['X'],
                'y': np.array([[3], [11]])
            })
        make, match = SVHN, r'label 11 of image 1 is out of range.*1..10'
    elif fmt == 'cifar':
        folder = make_cifar10(root)
        with open(osp.join(folder, 'test_batch'), 'wb') as f:
            pickle.dump(
                {
                    'data': np.zeros((2, 3072), np.uint8),
                    'labels': [1, 10]
                }, f)
        make = lambda r: CIFAR10Batches(r, split='test')  # noqa: E731
        match = r'test_batch: label 10 of image 1 is out of range'
    else:
        make_cifar_c(root, corruptions=('fog', ), n=2)
        np.save(
            osp.join(root, 'labels.npy'),
            np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 10]))
        make = lambda r: CIFAR10C(r, corruption='fog')  # noqa: E731
        match = r'labels.npy.*: label 10 at row 9 is out of range'
    with pytest.raises(DatasetFormatError, match=match):
        make(root)


# -------------------------------------------- folders that are not classes
def test_unknown_class_folder_and_stray_images(tmp_path):
    root = str(tmp_path)
    folder_domain(root, 'photo', ('dog', 'doggo'))
    with pytest.raises(
            DatasetFormatError,
            match=r"has folders that are not classes of PACS: "
            'doggo; expected the class folders dog, elephant'):
        PACS(root, domain='photo')
    os.rename(osp.join(root, 'photo/doggo'), osp.join(root, 'photo/horse'))
    write_image(osp.join(root, 'photo/loose.jpg'), 1)
    with pytest.raises(
            DatasetFormatError,
            match=r'holds image files outside class folders '
            r'\(loose.jpg\)'):
        PACS(root, domain='photo')


def test_non_image_files_and_absent_classes_are_reported(
        tmp_path, monkeypatch):
    import mmda.datasets.base_domain_dataset as base
    logged = []
    monkeypatch.setattr(base, 'print_log',
                        lambda msg, **kw: logged.append(msg))
    root = str(tmp_path)
    folder_domain(root, 'photo', ('dog', ))
    with open(osp.join(root, 'photo/dog/notes.txt'), 'w') as f:
        f.write('x')
    ds = PACS(root, domain='photo')
    assert len(ds) == 2
    assert any('1 file(s)' in m and 'notes.txt' in m for m in logged)
    assert any('no images of 6 class(es): elephant' in m for m in logged)
