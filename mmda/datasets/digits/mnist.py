# Copyright (c) mmda contributors. All rights reserved.
import gzip
import os.path as osp
from typing import Tuple

import numpy as np

from mmda.registry import DATASETS
from ..array_dataset import ArrayDataset
from ..dataset_errors import DatasetFormatError

DIGIT_CLASSES = tuple(str(i) for i in range(10))
_PREFIX = {'train': 'train', 'test': 't10k'}


def read_idx(path: str, name: str, ndim: int) -> np.ndarray:
    """Read an idx file of unsigned bytes (gzipped or not)."""
    opener = gzip.open if path.endswith('.gz') else open
    try:
        with opener(path, 'rb') as f:
            data = f.read()
    except (OSError, EOFError) as e:
        raise DatasetFormatError(f'{name}: cannot read {path!r}: {e}') from e
    if len(data) < 4 + 4 * ndim:
        raise DatasetFormatError(
            f'{name}: {path!r} has {len(data)} bytes; expected an idx file '
            f'with a {4 + 4 * ndim}-byte header')
    zero, dtype, dims = data[0:2], data[2], data[3]
    if zero != b'\x00\x00' or dtype != 0x08 or dims != ndim:
        raise DatasetFormatError(
            f'{name}: {path!r} has magic number {data[:4].hex()}; expected '
            f'{(0x800 + ndim):08x} (idx, unsigned bytes, {ndim} dimension(s))')
    shape = tuple(
        int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(ndim))
    size = int(np.prod(shape))
    body = data[4 + 4 * ndim:]
    if len(body) != size:
        raise DatasetFormatError(
            f'{name}: {path!r} holds {len(body)} bytes of data; expected '
            f'{size} for shape {shape} (truncated or not an idx file?)')
    return np.frombuffer(body, dtype=np.uint8).reshape(shape)


@DATASETS.register_module()
class MNISTIdx(ArrayDataset):
    """MNIST read from its idx files, gzipped or not, with no download.

    ``data_root`` holds ``{train,t10k}-{images-idx3,labels-idx1}-ubyte``
    (each also as ``.gz``), directly or in ``raw/`` (torchvision's layout).
    Images are 28x28 grey; :class:`GrayToRGB` and ``Resize`` in the
    pipeline bring them to the other digit domains' format. It is not
    mmpretrain's ``MNIST`` (which takes ``data_prefix`` and may download),
    hence its own name.

    Args:
        data_root (str): The folder of the idx files.
        split (str): ``'train'`` (60,000) or ``'test'`` (10,000).
    """

    METAINFO = {'classes': DIGIT_CLASSES}
    DOMAIN = 'mnist'
    LAYOUT_HINT = ('train-images-idx3-ubyte, train-labels-idx1-ubyte, '
                   't10k-images-idx3-ubyte and t10k-labels-idx1-ubyte '
                   '(each may be .gz)')

    def _find(self, stem: str) -> str:
        tried = []
        for folder in (self.root, osp.join(self.root, 'raw')):
            for suffix in ('', '.gz'):
                path = osp.join(folder, stem + suffix)
                tried.append(path)
                if osp.isfile(path):
                    return path
        raise FileNotFoundError(
            f'MNIST: no {stem} file for split {self.split!r}; looked for '
            f'{", ".join(tried)}. Expected {self.LAYOUT_HINT}')

    def sources(self) -> str:
        return getattr(self, '_sources', self.root)

    def load_arrays(self) -> Tuple[np.ndarray, np.ndarray]:
        prefix = _PREFIX[self.split]
        img_file = self._find(f'{prefix}-images-idx3-ubyte')
        lbl_file = self._find(f'{prefix}-labels-idx1-ubyte')
        self._sources = f'{img_file} and {lbl_file}'
        images = read_idx(img_file, 'MNIST', 3)
        labels = read_idx(lbl_file, 'MNIST', 1).astype(np.int64)
        return images, labels
