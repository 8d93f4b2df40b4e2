# Copyright (c) mmda contributors. All rights reserved.
import os.path as osp
import pickle
from typing import List, Tuple

import numpy as np

from mmda.registry import DATASETS
from .array_dataset import ArrayDataset, check_arrays
from .dataset_errors import DatasetFormatError

CIFAR10_CLASSES = ('airplane', 'automobile', 'bird', 'cat', 'deer', 'dog',
                   'frog', 'horse', 'ship', 'truck')

CIFAR100_CLASSES = tuple('''
apple aquarium_fish baby bear beaver bed bee beetle bicycle bottle bowl boy
bridge bus butterfly camel can castle caterpillar cattle chair chimpanzee
clock cloud cockroach couch crab crocodile cup dinosaur dolphin elephant
flatfish forest fox girl hamster house kangaroo keyboard lamp lawn_mower
leopard lion lizard lobster man maple_tree motorcycle mountain mouse
mushroom oak_tree orange orchid otter palm_tree pear pickup_truck pine_tree
plain plate poppy porcupine possum rabbit raccoon ray road rocket rose sea
seal shark shrew skunk skyscraper snail snake spider squirrel streetcar
sunflower sweet_pepper table tank telephone television tiger tractor train
trout tulip turtle wardrobe whale willow_tree wolf woman worm
'''.split())


def load_pickle(path: str, name: str) -> dict:
    if not osp.isfile(path):
        raise FileNotFoundError(f'{name}: {path!r} does not exist')
    try:
        with open(path, 'rb') as f:
            return pickle.load(f, encoding='latin1')
    except Exception as e:  # unpickling raises many types
        raise DatasetFormatError(
            f'{name}: cannot unpickle {path!r} ({type(e).__name__}: {e}); '
            'expected a CIFAR python batch') from e


@DATASETS.register_module()
class CIFAR10Batches(ArrayDataset):
    """CIFAR-10 read from the python batches, with no download.

    ``data_root`` is ``cifar-10-batches-py`` (or its parent folder), with
    ``data_batch_1`` .. ``data_batch_5`` and ``test_batch``, each a pickled
    dict with ``data`` (N, 3072: the R, G and B planes of 32x32) and
    ``labels``. Unlike mmpretrain's ``CIFAR10`` it does not check the
    files' md5 sums, so subsets and rebuilt copies load too, and it takes
    ``data_root`` and ``split`` only (hence its own name: a stock
    mmpretrain ``CIFAR10`` config never gets this class).

    Args:
        data_root (str): The folder of the batches.
        split (str): ``'train'`` (50,000) or ``'test'`` (10,000).
    """

    METAINFO = {'classes': CIFAR10_CLASSES}
    FOLDER = 'cifar-10-batches-py'
    TRAIN_FILES = tuple(f'data_batch_{i}' for i in range(1, 6))
    TEST_FILES = ('test_batch', )
    LABEL_KEY = 'labels'
    DOMAIN = 'cifar10'
    LAYOUT_HINT = 'data_batch_1..5 and test_batch (cifar-10-batches-py)'

    def _folder(self) -> str:
        nested = osp.join(self.root, self.FOLDER)
        return nested if osp.isdir(nested) else self.root

    def _files(self) -> List[str]:
        names = self.TRAIN_FILES if self.split == 'train' else self.TEST_FILES
        return [osp.join(self._folder(), n) for n in names]

    def sources(self) -> str:
        return ', '.join(self._files())

    def load_arrays(self) -> Tuple[np.ndarray, np.ndarray]:
        name = type(self).__name__
        images, labels = [], []
        for path in self._files():
            if not osp.isfile(path):
                raise FileNotFoundError(
                    f'{name}: {path!r} does not exist; expected '
                    f'{self.LAYOUT_HINT} in data_root')
            entry = load_pickle(path, name)
            if not isinstance(entry, dict) or 'data' not in entry \
                    or self.LABEL_KEY not in entry:
                keys = sorted(entry) if isinstance(entry, dict) else \
                    type(entry).__name__
                raise DatasetFormatError(
                    f'{name}: {path!r} holds {keys}; expected a dict with '
                    f'"data" and "{self.LABEL_KEY}"')
            data = np.asarray(entry['data'], dtype=np.uint8)
            lab = np.asarray(entry[self.LABEL_KEY], dtype=np.int64)
            if data.ndim != 2 or data.shape[1] != 3072:
                raise DatasetFormatError(
                    f'{name}: {path!r}: data has shape {data.shape}; '
                    'expected (N, 3072)')
            check_arrays(name, data.reshape(-1, 32, 32, 3), lab,
                         len(self.CLASSES), path)
            images.append(data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
            labels.append(lab)
        return np.ascontiguousarray(np.concatenate(images)), \
            np.concatenate(labels)


@DATASETS.register_module()
class CIFAR100Batches(CIFAR10Batches):
    """CIFAR-100 read from the python batches ``train`` and ``test``
    (``cifar-100-python``), with the 100 fine labels."""

    METAINFO = {'classes': CIFAR100_CLASSES}
    FOLDER = 'cifar-100-python'
    TRAIN_FILES = ('train', )
    TEST_FILES = ('test', )
    LABEL_KEY = 'fine_labels'
    DOMAIN = 'cifar100'
    LAYOUT_HINT = 'train and test (cifar-100-python)'
