# Copyright (c) mmda contributors. All rights reserved.
from typing import List, Optional

from mmda.registry import DATASETS
from .base_domain_dataset import DomainDataset

# Alphabetical (byte order), as the release's class folders sort; the lists
# of most DA code (``Art/Alarm_Clock/00001.jpg 0``) number them this way.
OFFICE_HOME_CLASSES = ('Alarm_Clock', 'Backpack', 'Batteries', 'Bed', 'Bike',
                       'Bottle', 'Bucket', 'Calculator', 'Calendar', 'Candles',
                       'Chair', 'Clipboards', 'Computer', 'Couch', 'Curtains',
                       'Desk_Lamp', 'Drill', 'Eraser', 'Exit_Sign', 'Fan',
                       'File_Cabinet', 'Flipflops', 'Flowers', 'Folder',
                       'Fork', 'Glasses', 'Hammer', 'Helmet', 'Kettle',
                       'Keyboard', 'Knives', 'Lamp_Shade', 'Laptop', 'Marker',
                       'Monitor', 'Mop', 'Mouse', 'Mug', 'Notebook', 'Oven',
                       'Pan', 'Paper_Clip', 'Pen', 'Pencil', 'Postit_Notes',
                       'Printer', 'Push_Pin', 'Radio', 'Refrigerator', 'Ruler',
                       'Scissors', 'Screwdriver', 'Shelf', 'Sink', 'Sneakers',
                       'Soda', 'Speaker', 'Spoon', 'TV', 'Table', 'Telephone',
                       'ToothBrush', 'Toys', 'Trash_Can', 'Webcam')


@DATASETS.register_module()
class OfficeHome(DomainDataset):
    """Office-Home (Venkateswara et al., CVPR 2017): 65 classes, 4 domains.

    Domains: ``Art``, ``Clipart``, ``Product``, ``Real_World`` (also
    ``Ar``, ``Cl``, ``Pr``, ``Rw``). Reads the release folder
    (``OfficeHomeDataset_10072016``: ``Art/<Class>/*.jpg``, where the last
    domain's folder is ``Real World``, with a space, or ``Real_World``), or
    the image lists ``image_list/<Domain>.txt`` or ``<Domain>.txt``.

    Note: Transfer-Learning-Library's lists number the classes in an order
    of their own; the dataset detects that and asks for ``classes=`` in
    that order. See :class:`DomainDataset` for the arguments.
    """

    METAINFO = {'classes': OFFICE_HOME_CLASSES}
    DOMAINS = ('Art', 'Clipart', 'Product', 'Real_World')
    DOMAIN_ALIASES = {
        'ar': 'Art',
        'cl': 'Clipart',
        'pr': 'Product',
        'rw': 'Real_World',
        'real world': 'Real_World',
        'realworld': 'Real_World',
        'real': 'Real_World',
    }
    LAYOUT_HINT = ('Art/, Clipart/, Product/ and "Real World"/ (or '
                   'Real_World/) with one folder per class')

    def _dirs(self, domain: str) -> List[str]:
        return [domain, 'Real World'] if domain == 'Real_World' else [domain]

    def list_candidates(self, domain: str, split: Optional[str]) -> List[str]:
        return [f'image_list/{domain}.txt', f'{domain}.txt']

    def folder_candidates(self, domain: str,
                          split: Optional[str]) -> List[str]:
        return self._dirs(domain)
