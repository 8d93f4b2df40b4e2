# Copyright (c) mmda contributors. All rights reserved.
"""The embedded digit domains exactly as mmda's configs frame them.

The peer runners must see the same pixels as mmda: the same stratified
splits of ``UCIDigits`` and ``MNIST5k`` and the same 28x28 framing (UCI's
8x8 images resized to 20x20 and padded by 4 px, MNIST-5k as is). The
arrays are produced by mmda's own datasets and pipeline transforms, not
re-implemented.
"""
from typing import Callable, Tuple

import numpy as np
from mmcv.transforms import Resize
from mmpretrain.datasets import RandomCrop
from PIL import Image
from torch.utils.data import Dataset

from mmda.datasets import MNIST5k, UCIDigits

DOMAINS = ('uci', 'mnist5k')


def embedded_digits_arrays(domain: str,
                           split: str) -> Tuple[np.ndarray, np.ndarray]:
    """Return ``(images, labels)``: uint8 ``(N, 28, 28)`` and int64 ``(N,)``.

    Args:
        domain (str): ``'uci'`` or ``'mnist5k'``.
        split (str): ``'train'`` or ``'test'``.
    """
    if domain == 'uci':
        # configs/_base_/datasets/embedded_digits.py: Resize(20) then a
        # RandomCrop(28, padding=4) that keeps the padded image whole.
        framing = [Resize(scale=(20, 20)), RandomCrop(crop_size=28, padding=4)]
        dataset = UCIDigits(split=split, pipeline=[])
    elif domain == 'mnist5k':
        framing = []
        dataset = MNIST5k(split=split, pipeline=[])
    else:
        raise ValueError(f'unknown domain {domain!r}; expected one of '
                         f'{DOMAINS}')
    images, labels = [], []
    for i in range(len(dataset)):
        info = dataset.get_data_info(i)
        results = dict(img=info['img'])
        for transform in framing:
            results = transform(results)
        img = results['img']
        if img.shape != (28, 28):
            raise RuntimeError(f'{domain}/{split} sample {i}: framed to '
                               f'{img.shape}, expected (28, 28)')
        images.append(img)
        labels.append(info['gt_label'])
    return np.stack(images).astype(np.uint8), np.asarray(labels, np.int64)


class ArrayDigits(Dataset):
    """The arrays as 28x28 grey PIL images (mode ``'L'``, as torchvision's
    MNIST), through a peer's torchvision ``transform``.

    With ``with_index`` it returns ``(img, label, index)`` as SHOT's
    ``MNIST_idx`` / ``USPS_idx`` do for the target set.
    """

    def __init__(self,
                 images: np.ndarray,
                 labels: np.ndarray,
                 transform: Callable,
                 with_index: bool = False) -> None:
        self.images, self.labels = images, labels
        self.transform = transform
        self.with_index = with_index

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, index: int):
        img = self.transform(Image.fromarray(self.images[index], mode='L'))
        label = int(self.labels[index])
        return (img, label, index) if self.with_index else (img, label)
