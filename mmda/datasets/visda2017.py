# Copyright (c) mmda contributors. All rights reserved.
from typing import List, Optional

from mmda.registry import DATASETS
from .base_domain_dataset import DomainDataset

VISDA2017_CLASSES = ('aeroplane', 'bicycle', 'bus', 'car', 'horse', 'knife',
                     'motorcycle', 'person', 'plant', 'skateboard', 'train',
                     'truck')


@DATASETS.register_module()
class VisDA2017(DomainDataset):
    """VisDA-2017 classification (Peng et al., 2017): 12 classes.

    Domains: ``train`` (synthetic renderings, also ``synthetic``),
    ``validation`` (real COCO crops, also ``real``) and ``test`` (real
    YouTube-BB crops). Reads the release's ``<domain>/image_list.txt``
    (``aeroplane/src_1_....png 0`` per line) or ``image_list/<domain>.txt``,
    else the ``<domain>/<class>/`` folders. The test set was released
    without labels: its list may hold paths only, and its folder may hold
    any sub-folders; such samples have no ``gt_label``. Its official metric
    is the mean per-class accuracy (:class:`MeanClassAccuracy`).
    """

    METAINFO = {'classes': VISDA2017_CLASSES}
    DOMAINS = ('train', 'validation', 'test')
    DOMAIN_ALIASES = {
        'synthetic': 'train',
        'real': 'validation',
        'val': 'validation'
    }
    LABELS_OPTIONAL_DOMAINS = ('test', )
    LAYOUT_HINT = ('train/, validation/ and test/, each with image_list.txt '
                   'and one folder per class')

    def list_candidates(self, domain: str, split: Optional[str]) -> List[str]:
        return [f'{domain}/image_list.txt', f'image_list/{domain}.txt']

    def image_roots(self, domain: str, split: Optional[str]) -> List[str]:
        return [domain, '']
