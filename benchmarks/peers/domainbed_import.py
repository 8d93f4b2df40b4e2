# Copyright (c) mmda contributors. All rights reserved.
"""Import modules of a DomainBed checkout (facebookresearch/DomainBed) with
runtime shims for what mmda's environment lacks.

``domainbed/datasets.py`` imports ``wilds`` (for Camelyon17 and FMoW) and
``domainbed/networks.py`` imports ``timm`` (for ViT featurizers) at the
top; neither is used by the MNIST benchmarks or the algorithms' losses.
Where they are not installed, empty stand-in modules take their place.
"""
import importlib
import sys
import types

from .peer_checkout import check_peer_checkout, prepend_sys_path

REPO = 'facebookresearch/DomainBed'
_STUBS = {
    'wilds': ('wilds', 'wilds.datasets', 'wilds.datasets.camelyon17_dataset',
              'wilds.datasets.fmow_dataset'),
    'timm': ('timm', ),
}


def import_domainbed(root: str, module: str) -> types.ModuleType:
    """Import ``domainbed.<module>`` from the checkout at ``root``.

    Args:
        root (str): A checkout of DomainBed.
        module (str): ``'datasets'``, ``'algorithms'``, ``'lib.misc'``...
    """
    root = check_peer_checkout(root, REPO,
                               [f'domainbed/{module.replace(".", "/")}.py'])
    prepend_sys_path(root)
    for package, names in _STUBS.items():
        if package in sys.modules or importlib.util.find_spec(package):
            continue
        for name in names:
            stub = sys.modules[name] = types.ModuleType(name)
            stub.Camelyon17Dataset = stub.FMoWDataset = object
    return importlib.import_module(f'domainbed.{module}')
