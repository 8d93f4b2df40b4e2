# Copyright (c) mmda contributors. All rights reserved.
from typing import List, Optional

from mmda.registry import DATASETS
from .base_domain_dataset import DomainDataset

# Alphabetical, as the release's class folders sort.
OFFICE31_CLASSES = ('back_pack', 'bike', 'bike_helmet', 'bookcase', 'bottle',
                    'calculator', 'desk_chair', 'desk_lamp',
                    'desktop_computer', 'file_cabinet', 'headphones',
                    'keyboard', 'laptop_computer', 'letter_tray',
                    'mobile_phone', 'monitor', 'mouse', 'mug',
                    'paper_notebook', 'pen', 'phone', 'printer', 'projector',
                    'punchers', 'ring_binder', 'ruler', 'scissors', 'speaker',
                    'stapler', 'tape_dispenser', 'trash_can')


@DATASETS.register_module()
class Office31(DomainDataset):
    """Office-31 (Saenko et al., ECCV 2010): 31 classes, 3 domains.

    Domains: ``amazon``, ``dslr``, ``webcam`` (also ``A``, ``D``, ``W``).
    Reads the release's ``<domain>/images/<class>/*.jpg`` folders, or the
    image lists ``image_list/<domain>.txt`` that most DA code ships
    (``amazon/images/back_pack/frame_0001.jpg 0`` per line), which are
    preferred where present. See :class:`DomainDataset` for the arguments.
    """

    METAINFO = {'classes': OFFICE31_CLASSES}
    DOMAINS = ('amazon', 'dslr', 'webcam')
    DOMAIN_ALIASES = {'a': 'amazon', 'd': 'dslr', 'w': 'webcam'}
    LAYOUT_HINT = ('amazon/, dslr/ and webcam/, each with images/<class>/ '
                   'folders (optionally image_list/<domain>.txt)')

    def list_candidates(self, domain: str, split: Optional[str]) -> List[str]:
        return [f'image_list/{domain}.txt', f'{domain}_list.txt']

    def folder_candidates(self, domain: str,
                          split: Optional[str]) -> List[str]:
        return [f'{domain}/images', domain]
