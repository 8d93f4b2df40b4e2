# Copyright (c) mmda contributors. All rights reserved.
from typing import List, Optional

from mmda.registry import DATASETS
from .base_domain_dataset import DomainDataset

VLCS_CLASSES = ('bird', 'car', 'chair', 'dog', 'person')

# canonical domain -> the folder names of the releases in use
_DIRS = {
    'Caltech101': ('Caltech101', 'CALTECH'),
    'LabelMe': ('LabelMe', 'LABELME'),
    'SUN09': ('SUN09', 'SUN'),
    'VOC2007': ('VOC2007', 'PASCAL'),
}
_SPLIT_DIRS = {
    'train': 'train',
    'val': 'crossval',
    'test': 'test',
    'full': 'full'
}


@DATASETS.register_module()
class VLCS(DomainDataset):
    """VLCS (Fang et al., ICCV 2013): 5 classes, 4 domains.

    Domains: ``Caltech101``, ``LabelMe``, ``SUN09``, ``VOC2007`` (also
    ``C``, ``L``, ``S``, ``V`` and the older ``CALTECH``, ``LABELME``,
    ``SUN``, ``PASCAL``). Two releases are in use, both read as they are:

    - DomainBed's: ``<Domain>/<class>/*.jpg``, no splits (``split=None``).
    - The original one: ``<DOMAIN>/{train,crossval,test,full}/<class>/``,
      with class folders named by the class or by its index (``0``..``4``);
      ``split`` is ``'train'``, ``'val'``, ``'test'`` or ``'full'``.

    See :class:`DomainDataset` for the arguments.
    """

    METAINFO = {'classes': VLCS_CLASSES}
    DOMAINS = ('Caltech101', 'LabelMe', 'SUN09', 'VOC2007')
    DOMAIN_ALIASES = {
        'c': 'Caltech101',
        'caltech': 'Caltech101',
        'l': 'LabelMe',
        's': 'SUN09',
        'sun': 'SUN09',
        'v': 'VOC2007',
        'pascal': 'VOC2007',
        'voc': 'VOC2007',
    }
    SPLITS = (None, 'train', 'val', 'test', 'full')
    NUMERIC_CLASS_DIRS = True
    LAYOUT_HINT = ('Caltech101/, LabelMe/, SUN09/ and VOC2007/ (or CALTECH/, '
                   'LABELME/, SUN/, PASCAL/ with train/crossval/test/full '
                   'sub-folders) with one folder per class')

    def list_candidates(self, domain: str, split: Optional[str]) -> List[str]:
        return [f'image_list/{domain}.txt'] if split is None else []

    def folder_candidates(self, domain: str,
                          split: Optional[str]) -> List[str]:
        if split is None:
            return list(_DIRS[domain])
        return [f'{d}/{_SPLIT_DIRS[split]}' for d in _DIRS[domain]]
