# Copyright (c) mmda contributors. All rights reserved.
import bz2
import os.path as osp
from typing import Tuple

import numpy as np

from mmda.registry import DATASETS
from ..array_dataset import ArrayDataset, check_arrays
from ..dataset_errors import DatasetFormatError
from .mnist import DIGIT_CLASSES

_FILES = {'train': 'usps', 'test': 'usps.t'}


@DATASETS.register_module()
class USPS(ArrayDataset):
    """USPS read from the LIBSVM files ``usps.bz2`` and ``usps.t.bz2``.

    Each line is ``label index:value ...`` with 256 pixel values in
    ``[-1, 1]`` (16x16, row-major) and labels 1..10 for the digits 0..9.
    Values are mapped to grey levels 0..255; an index the line leaves out
    is a value of 0 (LIBSVM's sparse format). The files may also be
    decompressed (``usps``, ``usps.t``).

    Args:
        data_root (str): The folder of the files.
        split (str): ``'train'`` (7,291) or ``'test'`` (2,007).
    """

    METAINFO = {'classes': DIGIT_CLASSES}
    DOMAIN = 'usps'
    SIZE = 16
    LAYOUT_HINT = 'usps.bz2 and usps.t.bz2 (LIBSVM format)'

    def sources(self) -> str:
        return getattr(self, '_source', self.root)

    def load_arrays(self) -> Tuple[np.ndarray, np.ndarray]:
        stem = _FILES[self.split]
        tried = [osp.join(self.root, stem + s) for s in ('.bz2', '')]
        path = next((p for p in tried if osp.isfile(p)), None)
        if path is None:
            raise FileNotFoundError(
                f'USPS: no file for split {self.split!r}; looked for '
                f'{" and ".join(tried)}. Expected {self.LAYOUT_HINT}')
        self._source = path
        opener = bz2.open if path.endswith('.bz2') else open
        n_pix = self.SIZE * self.SIZE
        images, labels = [], []
        try:
            with opener(path, 'rt') as f:
                for lineno, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    label, pixels = self._parse(path, lineno, line, n_pix)
                    labels.append(label)
                    images.append(pixels)
            _check_not_cut(path, lineno if labels else 0, line, n_pix)
        except (OSError, EOFError, UnicodeDecodeError) as e:
            raise DatasetFormatError(
                f'USPS: cannot read {path!r}: {e}; expected a LIBSVM text '
                'file (bzip2-compressed if it ends with .bz2)') from e
        if not labels:
            raise DatasetFormatError(f'USPS: {path!r} holds no samples')
        values = np.stack(images)
        grey = np.clip(np.round((values + 1.0) * 127.5), 0, 255)
        images = grey.astype(np.uint8).reshape(-1, self.SIZE, self.SIZE)
        raw = np.array(labels, dtype=np.int64)
        check_arrays('USPS', images, raw - 1, 10, path, label_names=raw)
        return images, raw - 1

    @staticmethod
    def _parse(path, lineno, line, n_pix):
        fields = line.split()
        where = f'USPS: {path}:{lineno}'
        try:
            number = float(fields[0])
        except ValueError:
            raise DatasetFormatError(
                f'{where}: label {fields[0]!r} is not a number; expected '
                '"label index:value ..."') from None
        # Some copies write labels as "3.0"; a fraction is not a class.
        if not number.is_integer():
            raise DatasetFormatError(
                f'{where}: label {fields[0]!r} is not an integer; expected '
                'a class number 1..10')
        label = int(number)
        if not 1 <= label <= 10:
            raise DatasetFormatError(
                f'{where}: label {label} is out of range; expected 1..10 '
                '(1 is the digit 0)')
        pixels = np.zeros(n_pix, dtype=np.float64)
        seen = set()
        for field in fields[1:]:
            try:
                index, value = field.split(':')
                index, value = int(index), float(value)
            except ValueError:
                raise DatasetFormatError(
                    f'{where}: {field!r} is not "index:value"') from None
            if not 1 <= index <= n_pix:
                raise DatasetFormatError(
                    f'{where}: pixel index {index} is out of range; expected '
                    f'1..{n_pix}')
            # A second value for one pixel means a damaged line: neither
            # value can be trusted, so the line is refused.
            if index in seen:
                raise DatasetFormatError(
                    f'{where}: pixel index {index} appears twice; expected '
                    'each index at most once')
            seen.add(index)
            if not -1.0001 <= value <= 1.0001:
                raise DatasetFormatError(
                    f'{where}: pixel value {value} is out of range; expected '
                    'values in [-1, 1]')
            pixels[index - 1] = value
        return label, pixels


def _check_not_cut(path: str, lineno: int, line: str, n_pix: int) -> None:
    """Refuse a file whose last line ends without a line end and with
    fewer than ``n_pix`` values: a copy cut mid-line (an interrupted
    download or copy). LIBSVM leaves out zero values, so such a line would
    otherwise be read as an image whose missing pixels are 0.
    """
    if not lineno or line.endswith('\n') or len(line.split()) > n_pix:
        return
    raise DatasetFormatError(
        f'USPS: {path}:{lineno}: the file ends in the middle of this line '
        f'(no line end, {len(line.split()) - 1} of {n_pix} values): it is '
        'cut short; copy or download it again')
