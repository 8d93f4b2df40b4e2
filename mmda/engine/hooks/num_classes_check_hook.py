# Copyright (c) mmda contributors. All rights reserved.
"""Refuse a model whose class count differs from its datasets'."""
from typing import List, Optional

from mmengine.hooks import Hook
from mmpretrain.utils import get_ori_model

from mmda.registry import HOOKS


def num_classes_mismatches(model, classes) -> List[str]:
    """The modules of ``model`` whose integer ``num_classes`` (heads,
    losses) is not ``len(classes)``, as ``'path (Type): n'``."""
    return [
        f'{name or "model"} ({type(module).__name__}): {module.num_classes}'
        for name, module in model.named_modules()
        if isinstance(getattr(module, 'num_classes', None), int)
        and module.num_classes != len(classes)
    ]


@HOOKS.register_module()
class NumClassesCheckHook(Hook):
    """Check before training, validation and testing that every module
    with an integer ``num_classes`` has as many classes as the dataset's
    ``metainfo['classes']``.

    A head with more outputs than the dataset has classes trains without
    any error (the extra logits are never a target) and fewer fails deep
    inside the loss. mmpretrain's ``ClassNumCheckHook`` does the same with
    ``assert`` (gone under ``python -O``) on the train, val and test sets;
    this one also checks a UDA loop's ``target_dataloader`` and reads
    ``metainfo``, which every mmengine dataset (and mmda's wrappers) has. A
    dataset without class names is not checked.
    """

    priority = 'VERY_HIGH'

    def before_train(self, runner) -> None:
        loop = runner.train_loop
        self._check(runner, loop.dataloader, 'train_dataloader')
        self._check(runner, getattr(loop, 'target_dataloader', None),
                    'target_dataloader')

    def before_val(self, runner) -> None:
        self._check(runner, getattr(runner.val_loop, 'dataloader', None),
                    'val_dataloader')

    def before_test(self, runner) -> None:
        self._check(runner, getattr(runner.test_loop, 'dataloader', None),
                    'test_dataloader')

    @staticmethod
    def _check(runner, dataloader: Optional[object], field: str) -> None:
        dataset = getattr(dataloader, 'dataset', None)
        classes = getattr(dataset, 'metainfo', {}).get('classes')
        if not classes:
            return
        bad = num_classes_mismatches(get_ori_model(runner.model), classes)
        if bad:
            inner = getattr(dataset, 'dataset', dataset)
            raise ValueError(
                f'{field}: the dataset {type(inner).__name__} has '
                f'{len(classes)} classes, but num_classes is '
                f'{"; ".join(bad)}. Set the head\'s num_classes to '
                f'{len(classes)} (or the dataset\'s classes).')
