# Copyright (c) mmda contributors. All rights reserved.
"""Base of the datasets whose images are stored in array files."""
from typing import List, Optional, Sequence, Tuple

import numpy as np
from mmpretrain.datasets import BaseDataset

from .data_root import check_root
from .dataset_errors import DatasetFormatError
from .pipeline import build_transforms, run_pipeline


class ArrayDataset(BaseDataset):
    """A dataset read from array files (idx, LIBSVM, .mat, pickles, .npy).

    Subclasses define ``load_arrays()``, which returns the images as uint8
    ``(N, H, W)`` or ``(N, H, W, 3)`` (RGB) and the labels as ``(N,)``
    integers in ``[0, num_classes)``. Samples carry the image itself
    (``img``), so pipelines do not start with ``LoadImageFromFile``.

    Args:
        data_root (str): The folder that holds the files.
        split (str): One of the subclass's ``SPLITS``.
        **kwargs: Other arguments of mmpretrain's ``BaseDataset``.
    """

    SPLITS: Tuple[str, ...] = ('train', 'test')
    DOMAIN = ''
    LAYOUT_HINT = ''

    def __init__(self, data_root: str, split: str = 'train', **kwargs) -> None:
        name = type(self).__name__
        if split not in self.SPLITS:
            raise ValueError(f'{name}: unknown split {split!r}; expected one '
                             f'of {", ".join(map(repr, self.SPLITS))}')
        self.split = split
        self.root = check_root(name, data_root, self.LAYOUT_HINT)
        kwargs.setdefault('ann_file', '')
        super().__init__(data_root=self.root, **build_transforms(kwargs))

    def load_data_list(self) -> List[dict]:
        images, labels = self.load_arrays()
        check_arrays(
            type(self).__name__, images, labels, len(self.CLASSES),
            self.sources())
        domain = self.DOMAIN or type(self).__name__.lower()
        return [
            dict(img=images[i], gt_label=int(labels[i]), domain=domain)
            for i in range(len(labels))
        ]

    def sources(self) -> str:
        """The files read, for error messages."""
        return self.root

    def get_gt_labels(self) -> np.ndarray:
        return np.array([
            BaseDataset.get_data_info(self, i)['gt_label']
            for i in range(len(self))
        ])

    def prepare_data(self, idx):
        return run_pipeline(self, self.get_data_info(idx), idx)

    def extra_repr(self) -> List[str]:
        return [f'Split: \t{self.split}', f'Files: \t{self.sources()}']


def check_arrays(name: str,
                 images: np.ndarray,
                 labels: np.ndarray,
                 num_classes: int,
                 source: str,
                 label_names: Optional[Sequence[int]] = None) -> None:
    """Raise if the images and labels disagree or a label is out of range.

    ``label_names`` are the labels as the files write them (USPS's 1..10),
    for the message.
    """
    if len(images) != len(labels):
        raise DatasetFormatError(
            f'{name}: {source} holds {len(images)} images but {len(labels)} '
            'labels; expected one label per image')
    if images.dtype != np.uint8 or images.ndim not in (3, 4) or (
            images.ndim == 4 and images.shape[-1] != 3):
        raise DatasetFormatError(
            f'{name}: {source}: images of dtype {images.dtype} and shape '
            f'{images.shape}; expected uint8 (N, H, W) or (N, H, W, 3)')
    labels = np.asarray(labels)
    bad = np.flatnonzero((labels < 0) | (labels >= num_classes))
    if len(bad):
        i = int(bad[0])
        shown = label_names[i] if label_names is not None else labels[i]
        raise DatasetFormatError(
            f'{name}: {source}: label {shown} of image {i} is out of range '
            f'({len(bad)} such labels); expected {num_classes} classes')
