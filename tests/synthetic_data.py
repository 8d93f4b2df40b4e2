# Copyright (c) mmda contributors. All rights reserved.
"""Tiny data sets in the real on-disk formats, written by the tests.

Every image encodes its label and its number: a uniform image of grey
level ``value(label, k)``, so a test can check that each sample loads the
right image with the right label.
"""
import bz2
import gzip
import os
import os.path as osp
import pickle

import cv2
import numpy as np
import torch
from mmpretrain.structures import DataSample


def value(label: int, k: int) -> int:
    return (17 + 7 * label + 3 * k) % 251


def write_image(path: str, level: int, size: int = 8) -> str:
    os.makedirs(osp.dirname(path), exist_ok=True)
    img = np.full((size, size, 3), level, dtype=np.uint8)
    assert cv2.imwrite(path, img), path
    return path


def folder_domain(root,
                  rel_dir,
                  classes,
                  per_class=2,
                  ext='png',
                  class_dirs=None):
    """``rel_dir/<class>/<k>.<ext>``; returns ``[(rel_path, label)]``."""
    entries = []
    for label, name in enumerate(classes):
        folder = (class_dirs or classes)[label]
        for k in range(per_class):
            rel = f'{rel_dir}/{folder}/img_{k:03d}.{ext}'
            write_image(osp.join(root, rel), value(label, k))
            entries.append((rel, label))
    return entries


def write_list(path, entries, offset=0, prefix=''):
    os.makedirs(osp.dirname(path) or '.', exist_ok=True)
    with open(path, 'w') as f:
        for rel, label in entries:
            f.write(f'{prefix}{rel} {label + offset}\n')
    return path


def image_level(path) -> int:
    img = cv2.imread(path)
    return int(round(float(img.mean())))


# ---------------------------------------------------------------- digits
def write_idx(path, array, magic_ndim=None):
    array = np.asarray(array, dtype=np.uint8)
    ndim = magic_ndim or array.ndim
    header = bytes([0, 0, 8, ndim]) + b''.join(
        int(d).to_bytes(4, 'big') for d in array.shape)
    data = header + array.tobytes()
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'wb') as f:
        f.write(data)


def digit_images(labels, size):
    return np.stack([
        np.full((size, size), value(int(lab), k), dtype=np.uint8)
        for k, lab in enumerate(labels)
    ])


def make_mnist(root, labels=(3, 1, 4, 1, 5), test_labels=(9, 2), gz=True):
    os.makedirs(root, exist_ok=True)
    ext = '.gz' if gz else ''
    for prefix, labs in (('train', labels), ('t10k', test_labels)):
        write_idx(
            osp.join(root, f'{prefix}-images-idx3-ubyte{ext}'),
            digit_images(labs, 28))
        write_idx(
            osp.join(root, f'{prefix}-labels-idx1-ubyte{ext}'), np.array(labs))


def make_usps(root, labels=(0, 9, 4), test_labels=(7, ), compress=True):
    """Digits ``labels`` (0..9) written with LIBSVM labels 1..10."""
    os.makedirs(root, exist_ok=True)
    for name, labs in (('usps', labels), ('usps.t', test_labels)):
        lines = []
        for k, lab in enumerate(labs):
            level = value(lab, k)
            v = level / 127.5 - 1.0
            pix = ' '.join(f'{i}:{v:.6f}' for i in range(1, 257))
            lines.append(f'{lab + 1} {pix}\n')
        text = ''.join(lines).encode()
        path = osp.join(root, name + ('.bz2' if compress else ''))
        with (bz2.open if compress else open)(path, 'wb') as f:
            f.write(text)


def make_svhn(root, labels=(1, 0, 7), test_labels=(0, 2)):
    """Digits ``labels`` written as SVHN does (0 as 10)."""
    from scipy.io import savemat
    os.makedirs(root, exist_ok=True)
    for split, labs in (('train', labels), ('test', test_labels)):
        imgs = np.stack([
            np.full((32, 32, 3), value(lab, k), dtype=np.uint8)
            for k, lab in enumerate(labs)
        ])
        y = np.array([lab if lab else 10 for lab in labs]).reshape(-1, 1)
        savemat(
            osp.join(root, f'{split}_32x32.mat'), {
                'X': imgs.transpose(1, 2, 3, 0),
                'y': y.astype(np.uint8)
            })


def make_mnistm(root, labels=(5, 0, 3), test_labels=(1, 1)):
    for split, labs in (('train', labels), ('test', test_labels)):
        entries = []
        for k, lab in enumerate(labs):
            name = f'{k:08d}.png'
            write_image(
                osp.join(root, f'mnist_m_{split}', name),
                value(lab, k),
                size=28)
            entries.append((name, lab))
        write_list(osp.join(root, f'mnist_m_{split}_labels.txt'), entries)


# ----------------------------------------------------------------- CIFAR
def make_cifar10(root,
                 train=((0, 1), (2, 3), (4, 5), (6, 7), (8, 9)),
                 test=(9, 0, 5)):
    folder = osp.join(root, 'cifar-10-batches-py')
    os.makedirs(folder, exist_ok=True)
    batches = [(f'data_batch_{i + 1}', labs) for i, labs in enumerate(train)]
    for name, labs in batches + [('test_batch', test)]:
        data = np.stack([
            np.full(3072, value(lab, k), dtype=np.uint8)
            for k, lab in enumerate(labs)
        ])
        with open(osp.join(folder, name), 'wb') as f:
            pickle.dump({'data': data, 'labels': list(labs)}, f)
    return folder


def make_cifar100(root, train=(99, 0, 50), test=(1, )):
    folder = osp.join(root, 'cifar-100-python')
    os.makedirs(folder, exist_ok=True)
    for name, labs in (('train', train), ('test', test)):
        data = np.stack(
            [np.full(3072, k, dtype=np.uint8) for k, _ in enumerate(labs)])
        with open(osp.join(folder, name), 'wb') as f:
            pickle.dump(
                {
                    'data': data,
                    'fine_labels': list(labs),
                    'coarse_labels': [0] * len(labs)
                }, f)
    return folder


def make_cifar_c(root,
                 corruptions=('gaussian_noise', 'fog'),
                 n=3,
                 num_classes=10):
    """Images encode (corruption, severity, row): level = 40*c + 8*s + row
    (row < n), labels cycle through the classes."""
    os.makedirs(root, exist_ok=True)
    labels = np.array([(3 * i + 1) % num_classes for i in range(n)] * 5)
    np.save(osp.join(root, 'labels.npy'), labels.astype(np.int64))
    for ci, c in enumerate(corruptions):
        arr = np.zeros((5 * n, 32, 32, 3), dtype=np.uint8)
        for s in range(5):
            for r in range(n):
                arr[s * n + r] = (40 * ci + 8 * (s + 1) + r) % 256
        np.save(osp.join(root, f'{c}.npy'), arr)
    return labels


def digit_batch(n, labelled):
    """``n`` random 28x28 grey digit images as a collated batch, with
    ``gt_label`` if ``labelled``."""
    samples = []
    for i in range(n):
        s = DataSample()
        if labelled:
            s.set_gt_label(i % 10)
        samples.append(s)
    return dict(
        inputs=[
            torch.randint(0, 255, (1, 28, 28), dtype=torch.uint8)
            for _ in range(n)
        ],
        data_samples=samples)


def relocate_data_roots(node, root):
    """Point every data_root of the config at the synthetic copy."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == 'data_root' and isinstance(value, str):
                assert value.startswith('data/'), value
                node[key] = osp.join(root, value[len('data/'):])
            else:
                relocate_data_roots(value, root)
    elif isinstance(node, (list, tuple)):
        for item in node:
            relocate_data_roots(item, root)
