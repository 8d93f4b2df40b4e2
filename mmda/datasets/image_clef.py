# Copyright (c) mmda contributors. All rights reserved.
from typing import List, Optional

from mmda.registry import DATASETS
from .base_domain_dataset import DomainDataset

IMAGE_CLEF_CLASSES = ('aeroplane', 'bike', 'bird', 'boat', 'bottle', 'bus',
                      'car', 'dog', 'horse', 'monitor', 'motorbike', 'people')


@DATASETS.register_module()
class ImageCLEF(DomainDataset):
    """ImageCLEF-DA (ImageCLEF 2014 DA challenge): 12 classes, 4 domains.

    Domains: ``b`` (Bing), ``c`` (Caltech-256), ``i`` (ImageNet), ``p``
    (PASCAL VOC 2012). The release keeps each domain's images in one flat
    folder and the labels in ``list/<d>List.txt`` (or ``<d>List.txt``), a
    ``path label`` line per image; the paths' leading folders vary between
    copies and are matched under ``data_root``. A copy with one folder per
    class (``<d>/<class>/``) is read too.
    """

    METAINFO = {'classes': IMAGE_CLEF_CLASSES}
    DOMAINS = ('b', 'c', 'i', 'p')
    DOMAIN_ALIASES = {
        'bing': 'b',
        'caltech': 'c',
        'caltech256': 'c',
        'imagenet': 'i',
        'pascal': 'p',
        'voc': 'p'
    }
    LAYOUT_HINT = 'b/, c/, i/, p/ and list/{b,c,i,p}List.txt'

    def list_candidates(self, domain: str, split: Optional[str]) -> List[str]:
        return [
            f'list/{domain}List.txt', f'{domain}List.txt',
            f'image_list/{domain}.txt', f'{domain}.txt'
        ]

    def folder_candidates(self, domain: str,
                          split: Optional[str]) -> List[str]:
        return [domain, domain.upper()]
