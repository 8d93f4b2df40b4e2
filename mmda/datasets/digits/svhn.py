# Copyright (c) mmda contributors. All rights reserved.
import os.path as osp
from typing import Tuple

import numpy as np

from mmda.registry import DATASETS
from ..array_dataset import ArrayDataset, check_arrays
from ..dataset_errors import DatasetFormatError
from .mnist import DIGIT_CLASSES


@DATASETS.register_module()
class SVHN(ArrayDataset):
    """SVHN (cropped digits) read from ``{train,test,extra}_32x32.mat``.

    The files hold ``X`` of shape ``(32, 32, 3, N)`` (RGB) and ``y`` of
    shape ``(N, 1)`` with labels 1..10, where 10 is the digit 0.

    Args:
        data_root (str): The folder of the .mat files.
        split (str): ``'train'`` (73,257), ``'test'`` (26,032) or
            ``'extra'`` (531,131).
    """

    METAINFO = {'classes': DIGIT_CLASSES}
    SPLITS = ('train', 'test', 'extra')
    DOMAIN = 'svhn'
    LAYOUT_HINT = 'train_32x32.mat and test_32x32.mat'

    def sources(self) -> str:
        return osp.join(self.root, f'{self.split}_32x32.mat')

    def load_arrays(self) -> Tuple[np.ndarray, np.ndarray]:
        from scipy.io import loadmat
        path = self.sources()
        if not osp.isfile(path):
            raise FileNotFoundError(
                f'SVHN: {path!r} does not exist; expected {self.LAYOUT_HINT} '
                'in data_root')
        try:
            mat = loadmat(path)
        except Exception as e:  # scipy raises several types
            raise DatasetFormatError(
                f'SVHN: cannot read {path!r} ({type(e).__name__}: {e}); '
                'expected a MATLAB file with X and y') from e
        if 'X' not in mat or 'y' not in mat:
            raise DatasetFormatError(
                f'SVHN: {path!r} has variables {sorted(k for k in mat if not k.startswith("__"))}; '  # noqa: E501
                'expected X (32, 32, 3, N) and y (N, 1)')
        x, y = mat['X'], np.asarray(mat['y']).reshape(-1)
        if x.ndim != 4 or x.shape[2] != 3:
            raise DatasetFormatError(
                f'SVHN: {path!r}: X has shape {x.shape}; expected '
                '(32, 32, 3, N)')
        images = np.ascontiguousarray(x.transpose(3, 0, 1, 2)).astype(np.uint8)
        raw = y.astype(np.int64)
        bad = np.flatnonzero((raw < 1) | (raw > 10))
        if len(bad):
            raise DatasetFormatError(
                f'SVHN: {path!r}: label {raw[bad[0]]} of image {bad[0]} is '
                f'out of range ({len(bad)} such labels); expected 1..10 '
                '(10 is the digit 0)')
        labels = raw % 10
        check_arrays('SVHN', images, labels, 10, path)
        return images, labels
