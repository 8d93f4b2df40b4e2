# Copyright (c) mmda contributors. All rights reserved.
from typing import List, Optional

from mmda.registry import DATASETS
from .base_domain_dataset import DomainDataset

PACS_CLASSES = ('dog', 'elephant', 'giraffe', 'guitar', 'horse', 'house',
                'person')

# split -> the name of the official split files (pacs_label/*_kfold.txt)
_OFFICIAL = {'train': 'train', 'val': 'crossval', 'test': 'test'}
# split -> the name of Transfer-Learning-Library's lists
_TLLIB = {'train': 'train', 'val': 'val', 'test': 'all'}


@DATASETS.register_module()
class PACS(DomainDataset):
    """PACS (Li et al., ICCV 2017): 7 classes, 4 domains.

    Domains: ``art_painting``, ``cartoon``, ``photo``, ``sketch`` (also
    ``A``, ``C``, ``P``, ``S``). Splits:

    - ``'train'``, ``'val'``, ``'test'``: the official split files
      ``pacs_label/<domain>_{train,crossval,test}_kfold.txt`` (or
      ``image_list/<domain>_{train,val,all}.txt``), whose labels start at 1.
      The official test file holds the whole domain.
    - ``None``: the whole domain from the ``<domain>/<class>/`` folders
      (under ``data_root``, ``kfold/`` or ``pacs_data/``).

    See :class:`DomainDataset` for the arguments.
    """

    METAINFO = {'classes': PACS_CLASSES}
    DOMAINS = ('art_painting', 'cartoon', 'photo', 'sketch')
    DOMAIN_ALIASES = {
        'a': 'art_painting',
        'art': 'art_painting',
        'c': 'cartoon',
        'p': 'photo',
        's': 'sketch'
    }
    SPLITS = (None, 'train', 'val', 'test')
    IMAGE_ROOTS = ('', 'kfold', 'pacs_data', 'pacs_data/pacs_data')
    LABEL_OFFSET = 1
    LAYOUT_HINT = ('art_painting/, cartoon/, photo/ and sketch/ with one '
                   'folder per class (directly, or in kfold/ or pacs_data/), '
                   'and the split files in pacs_label/')

    def list_candidates(self, domain: str, split: Optional[str]) -> List[str]:
        if split is None:
            return []
        return [
            f'pacs_label/{domain}_{_OFFICIAL[split]}_kfold.txt',
            f'{domain}_{_OFFICIAL[split]}_kfold.txt',
            f'image_list/{domain}_{_TLLIB[split]}.txt',
        ]

    def folder_candidates(self, domain: str,
                          split: Optional[str]) -> List[str]:
        if split is not None:
            return []
        return [f'{r}/{domain}' if r else domain for r in self.IMAGE_ROOTS]
