# Copyright (c) mmda contributors. All rights reserved.
"""Refuse ``drop_last`` with a batch larger than the samples per rank."""
from typing import Optional

from mmengine.hooks import Hook

from mmda.registry import HOOKS


def drop_last_problem(dataloader, field: str) -> Optional[str]:
    """Why ``dataloader``'s ``drop_last`` cannot work, or None.

    With ``drop_last=True`` and fewer samples per rank (``len`` of its
    sampler, else of its dataset) than ``batch_size``, a finite sampler
    yields no batch at all and an infinite one (``InfiniteSampler``) fills
    every batch with repeats: either way ``drop_last`` is silently not
    what happens.
    """
    if not getattr(dataloader, 'drop_last', False):
        return None
    batch_size = getattr(dataloader, 'batch_size', None)
    if batch_size is None:  # a batch_sampler decides
        return None
    source = getattr(dataloader, 'sampler', None)
    try:
        samples = len(source)
    except TypeError:
        samples = len(dataloader.dataset)
    if batch_size <= samples:
        return None
    dataset = dataloader.dataset
    name = type(getattr(dataset, 'dataset', dataset)).__name__
    return (f'{field}: batch_size {batch_size} is larger than the '
            f'{samples} samples its sampler draws from the dataset {name} '
            f'({len(dataset)} in all), with drop_last=True: no full batch '
            'of distinct samples can be drawn. Lower the batch size or set '
            'drop_last=False.')


@HOOKS.register_module()
class DropLastCheckHook(Hook):
    """Raise before training, validation or testing when a loader's
    ``drop_last`` cannot hold (see :func:`drop_last_problem`); checks a UDA
    loop's ``target_dataloader`` too."""

    priority = 'VERY_HIGH'

    def before_train(self, runner) -> None:
        loop = runner.train_loop
        _raise(getattr(loop, 'dataloader', None), 'train_dataloader')
        _raise(getattr(loop, 'target_dataloader', None), 'target_dataloader')

    def before_val(self, runner) -> None:
        _raise(getattr(runner.val_loop, 'dataloader', None), 'val_dataloader')

    def before_test(self, runner) -> None:
        _raise(
            getattr(runner.test_loop, 'dataloader', None), 'test_dataloader')


def _raise(dataloader, field: str) -> None:
    if dataloader is None:
        return
    problem = drop_last_problem(dataloader, field)
    if problem:
        raise ValueError(problem)
