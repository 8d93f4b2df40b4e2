# Copyright (c) mmda contributors. All rights reserved.
import os.path as osp
from typing import List, Optional

from mmda.registry import DATASETS
from ..base_domain_dataset import DomainDataset
from ..dataset_errors import DatasetFormatError, short_listing
from .mnist import DIGIT_CLASSES


@DATASETS.register_module()
class MNISTM(DomainDataset):
    """MNIST-M (Ganin et al., JMLR 2016): an image folder and a labels list.

    ``data_root`` (the release's ``mnist_m`` folder) holds
    ``mnist_m_{train,test}/`` with the 28x28 RGB PNGs and
    ``mnist_m_{train,test}_labels.txt`` with a ``file label`` line per
    image. Every image of the folder must be in the list and every listed
    image in the folder. The pipeline starts with ``LoadImageFromFile``.

    Args:
        data_root (str): The ``mnist_m`` folder.
        split (str): ``'train'`` (59,001) or ``'test'`` (9,001).
    """

    METAINFO = {'classes': DIGIT_CLASSES}
    DOMAINS = ('mnist_m', )
    DOMAIN_ALIASES = {'mnistm': 'mnist_m'}
    SPLITS = ('train', 'test')
    LAYOUT_HINT = ('mnist_m_train/, mnist_m_test/, mnist_m_train_labels.txt '
                   'and mnist_m_test_labels.txt')

    def __init__(self, data_root: str, split: str = 'train', **kwargs):
        kwargs.setdefault('domain', 'mnist_m')
        super().__init__(data_root=data_root, split=split, **kwargs)

    def list_candidates(self, domain: str, split: Optional[str]) -> List[str]:
        return [f'mnist_m_{split}_labels.txt']

    def folder_candidates(self, domain: str,
                          split: Optional[str]) -> List[str]:
        return []

    def image_roots(self, domain: str, split: Optional[str]) -> List[str]:
        return [f'mnist_m_{split}']

    def _load_list(self, list_file: str, domain: str) -> List[dict]:
        samples = super()._load_list(list_file, domain)
        backend = self.file_backend
        folder = backend.join_path(self.root, f'mnist_m_{self.split}')
        if backend.isdir(folder):
            listed = {osp.normpath(s['img_path']) for s in samples}
            images = {
                osp.normpath(backend.join_path(folder, f))
                for f in backend.list_dir_or_file(folder, list_dir=False)
                if f.lower().endswith(self.extensions)
            }
            unlisted = sorted(images - listed)
            if unlisted or len(listed) != len(samples):
                unlabelled = short_listing([osp.basename(p)
                                            for p in unlisted]) or 'none'
                raise DatasetFormatError(
                    f'MNISTM: {list_file!r} has {len(samples)} labels for '
                    f'{len(images)} images in {folder!r}; expected one line '
                    'per image, each image once. Images without a label: '
                    f'{unlabelled}')
        return samples
