# Copyright (c) mmda contributors. All rights reserved.
import os.path as osp
from typing import List, Sequence, Union

import numpy as np
from mmengine.dataset import BaseDataset as _EngineBase
from mmpretrain.datasets import BaseDataset

from mmda.registry import DATASETS
# Re-exported: the names are the dataset's as much as the metric's.
from mmda.utils.corruption_names import CORRUPTIONS  # noqa: F401
from mmda.utils.corruption_names import EXTRA_CORRUPTIONS, SEVERITIES
from .cifar import CIFAR10_CLASSES, CIFAR100_CLASSES
from .data_root import check_root
from .dataset_errors import DatasetFormatError
from .digits import DIGIT_CLASSES
from .pipeline import build_transforms, run_pipeline


@DATASETS.register_module()
class CIFAR10C(BaseDataset):
    """CIFAR-10-C (Hendrycks & Dietterich, ICLR 2019).

    ``data_root`` holds one ``<corruption>.npy`` per corruption, uint8 of
    shape ``(5 * n, 32, 32, 3)`` with the 5 severities stacked (rows
    ``(s - 1) * n`` to ``s * n`` are severity ``s``; n = 10,000), and
    ``labels.npy`` of shape ``(5 * n,)``. Arrays are memory-mapped and
    images read when drawn. Each sample carries ``corruption`` and
    ``severity`` for :class:`CorruptionError`.

    Args:
        data_root (str): The folder of the .npy files.
        corruption (str | list[str]): Corruption name(s), or ``'all'`` for
            the 15 standard ones. Defaults to ``'all'``.
        severity (int | list[int] | str): 1..5, a list, or ``'all'``.
            Defaults to ``'all'``.
        **kwargs: Other arguments of mmpretrain's ``BaseDataset``.
    """

    METAINFO = {'classes': CIFAR10_CLASSES}
    LAYOUT_HINT = '<corruption>.npy files and labels.npy (CIFAR-10-C)'

    def __init__(self,
                 data_root: str,
                 corruption: Union[str, Sequence[str]] = 'all',
                 severity: Union[int, Sequence[int], str] = 'all',
                 **kwargs) -> None:
        name = type(self).__name__
        self.corruptions = self._resolve_corruptions(corruption)
        self.severities = self._resolve_severities(severity)
        self.root = check_root(name, data_root, self.LAYOUT_HINT)
        self._arrays = {}
        kwargs.setdefault('ann_file', '')
        super().__init__(data_root=self.root, **build_transforms(kwargs))

    @classmethod
    def _resolve_corruptions(cls, corruption) -> List[str]:
        if corruption == 'all':
            return list(CORRUPTIONS)
        names = [corruption] if isinstance(corruption,
                                           str) else list(corruption)
        known = CORRUPTIONS + EXTRA_CORRUPTIONS
        for c in names:
            if c not in known:
                raise ValueError(
                    f'{cls.__name__}: unknown corruption {c!r}; expected '
                    f'"all" or one of {", ".join(known)}')
        if not names or len(set(names)) != len(names):
            raise ValueError(f'{cls.__name__}: corruptions {names} must be '
                             'a non-empty list without repeats')
        return names

    @classmethod
    def _resolve_severities(cls, severity) -> List[int]:
        if severity == 'all':
            return list(SEVERITIES)
        values = [severity] if isinstance(severity, int) else list(severity)
        for s in values:
            if s not in SEVERITIES or isinstance(s, bool):
                raise ValueError(f'{cls.__name__}: unknown severity {s!r}; '
                                 'expected 1..5 (or a list of them, or '
                                 '"all")')
        if not values or len(set(values)) != len(values):
            raise ValueError(f'{cls.__name__}: severities {values} must be '
                             'a non-empty list without repeats')
        return values

    def _path(self, stem: str) -> str:
        return osp.join(self.root, f'{stem}.npy')

    def _open(self, stem: str) -> np.ndarray:
        path = self._path(stem)
        if not osp.isfile(path):
            raise FileNotFoundError(
                f'{type(self).__name__}: {path!r} does not exist; expected '
                f'{self.LAYOUT_HINT} in data_root')
        try:
            return np.load(path, mmap_mode='r')
        except Exception as e:  # numpy raises several types
            raise DatasetFormatError(
                f'{type(self).__name__}: cannot read {path!r} '
                f'({type(e).__name__}: {e}); expected a .npy array') from e

    def _array(self, corruption: str) -> np.ndarray:
        # Opened on first use in each process; never pickled (see
        # __getstate__), so workers do not copy the arrays.
        if corruption not in self._arrays:
            self._arrays[corruption] = self._open(corruption)
        return self._arrays[corruption]

    def __getstate__(self):
        state = self.__dict__.copy()
        state['_arrays'] = {}
        return state

    def load_data_list(self) -> List[dict]:
        name = type(self).__name__
        labels = np.asarray(self._open('labels'))
        if labels.ndim != 1 or len(labels) % len(SEVERITIES):
            raise DatasetFormatError(
                f'{name}: {self._path("labels")!r} has shape {labels.shape}; '
                'expected (5 * n,): the labels of the 5 stacked severities')
        n = len(labels) // len(SEVERITIES)
        num_classes = len(self.CLASSES)
        bad = np.flatnonzero((labels < 0) | (labels >= num_classes))
        if len(bad):
            raise DatasetFormatError(
                f'{name}: {self._path("labels")!r}: label {labels[bad[0]]} '
                f'at row {bad[0]} is out of range; expected {num_classes} '
                'classes')
        data_list = []
        for c in self.corruptions:
            arr = self._array(c)
            if arr.shape[0] != len(labels):
                raise DatasetFormatError(
                    f'{name}: {self._path(c)!r} holds {arr.shape[0]} images '
                    f'but labels.npy has {len(labels)} labels; expected one '
                    'label per image (5 severities stacked)')
            if arr.dtype != np.uint8 or arr.ndim != 4 or arr.shape[-1] != 3:
                raise DatasetFormatError(
                    f'{name}: {self._path(c)!r} has dtype {arr.dtype} and '
                    f'shape {arr.shape}; expected uint8 (5 * n, H, W, 3)')
            for s in self.severities:
                for row in range((s - 1) * n, s * n):
                    data_list.append(
                        dict(
                            gt_label=int(labels[row]),
                            corruption=c,
                            severity=s,
                            row=row,
                            domain=f'{c}-{s}'))
        return data_list

    def get_data_info(self, idx: int) -> dict:
        info = super().get_data_info(idx)
        info['img'] = np.array(self._array(info['corruption'])[info['row']])
        return info

    def get_gt_labels(self) -> np.ndarray:
        return np.array([
            _EngineBase.get_data_info(self, i)['gt_label']
            for i in range(len(self))
        ])

    def prepare_data(self, idx):
        return run_pipeline(self, self.get_data_info(idx), idx)

    def extra_repr(self) -> List[str]:
        return [
            f'Corruptions: \t{", ".join(self.corruptions)}',
            f'Severities: \t{self.severities}'
        ]


@DATASETS.register_module()
class CIFAR100C(CIFAR10C):
    """CIFAR-100-C: as :class:`CIFAR10C`, with CIFAR-100's fine labels."""

    METAINFO = {'classes': CIFAR100_CLASSES}
    LAYOUT_HINT = '<corruption>.npy files and labels.npy (CIFAR-100-C)'


@DATASETS.register_module()
class DigitsC(CIFAR10C):
    """A corrupted digits set (0-9) that
    ``tools/dataset_converters/make_corruptions.py`` wrote, e.g. from the
    embedded MNIST-5k test split at 32x32: as :class:`CIFAR10C`, with the
    digit classes."""

    METAINFO = {'classes': DIGIT_CLASSES}
    LAYOUT_HINT = ('<corruption>.npy files and labels.npy '
                   '(make_corruptions.py output)')
