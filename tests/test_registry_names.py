# Copyright (c) mmda contributors. All rights reserved.
"""mmda registers no name that mmpretrain or mmengine already uses.

mmda's registries are children of mmpretrain's: under ``default_scope='mmda'``
a name registered in both resolves to mmda's class, so a stock mmpretrain
config would silently build mmda's class instead of the one it was written
for. A shared name is only acceptable for a drop-in subclass.
"""
import inspect
from typing import List, Tuple

import mmpretrain.datasets
from mmengine.registry import DefaultScope, Registry

import mmda.registry as mmda_registry
from mmda.datasets import CIFAR10Batches, CIFAR100Batches, MNISTIdx
from mmda.utils import register_all_modules


def _ancestors(registry: Registry) -> List[Registry]:
    chain = []
    while registry.parent is not None:
        registry = registry.parent
        chain.append(registry)
    return chain


def _is_drop_in(cls, original) -> bool:
    """A subclass that takes exactly the original's arguments."""
    if not (inspect.isclass(cls) and inspect.isclass(original)):
        return False
    return issubclass(cls, original) and \
        inspect.signature(cls) == inspect.signature(original)


def shadowed_names() -> List[Tuple[str, str, str]]:
    """(registry, name, parent scope) of every mmda name that an ancestor
    registry (mmpretrain's or mmengine's) also holds, unless drop-in."""
    register_all_modules(init_default_scope=False)
    found = []
    for attr in mmda_registry.__all__:
        registry = getattr(mmda_registry, attr)
        registry.import_from_location()
        for parent in _ancestors(registry):
            parent.import_from_location()
            for name, cls in registry.module_dict.items():
                original = parent.module_dict.get(name)
                if original is not None and not _is_drop_in(cls, original):
                    found.append((attr, name, parent.scope))
    return found


def test_no_mmda_name_shadows_mmpretrain_or_mmengine():
    assert shadowed_names() == []


def test_stock_mmpretrain_dataset_names_build_mmpretrain_classes():
    register_all_modules(init_default_scope=False)
    with DefaultScope.overwrite_default_scope('mmda'):
        datasets = mmda_registry.DATASETS
        assert datasets.get('CIFAR10') is mmpretrain.datasets.CIFAR10
        assert datasets.get('CIFAR100') is mmpretrain.datasets.CIFAR100
        assert datasets.get('MNIST') is mmpretrain.datasets.MNIST
        # mmda's readers keep names of their own
        assert datasets.get('CIFAR10Batches') is CIFAR10Batches
        assert datasets.get('CIFAR100Batches') is CIFAR100Batches
        assert datasets.get('MNISTIdx') is MNISTIdx


class _Base:

    def __init__(self, a, b=1):
        pass


class _SameSignature(_Base):

    def __init__(self, a, b=1):
        super().__init__(a, b)


class _OtherSignature(_Base):

    def __init__(self, a):
        super().__init__(a)


def test_drop_in_means_subclass_with_the_same_signature():
    assert _is_drop_in(_SameSignature, _Base)
    assert not _is_drop_in(_OtherSignature, _Base)
    assert not _is_drop_in(CIFAR10Batches, mmpretrain.datasets.CIFAR10)
