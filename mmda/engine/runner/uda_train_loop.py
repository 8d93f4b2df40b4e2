# Copyright (c) mmda contributors. All rights reserved.
from typing import Dict, List, Optional, Tuple, Union

from torch.utils.data import DataLoader

from mmda.datasets import unlabeled_loader
from mmda.models.data_preprocessors.batch_keys import SOURCE, TARGET
from mmda.registry import LOOPS
from .exact_resume_loop import ExactResumeIterLoop


@LOOPS.register_module()
class UDATrainLoop(ExactResumeIterLoop):
    """Iteration-based loop for unsupervised domain adaptation.

    Each iteration draws one batch from the labelled source loader (the
    runner's ``train_dataloader``) and one from the target loader (the
    config's top-level ``target_dataloader``, a sibling of
    ``train_dataloader``), and
    passes ``dict(source=..., target=...)`` to ``model.train_step``. An
    "epoch" is a number of iterations; both loaders cycle independently.

    The target dataset is wrapped in :class:`UnlabeledDataset`, so its labels
    never reach the pipeline or the model. Source and target must have the
    same classes, in the same order.

    It is mmengine's ``IterBasedTrainLoop`` fed a paired iterator.
    Resuming (see ``ExactResumeIterLoop``) skips the batches already
    trained on in both loaders and then restores the random generators
    saved by ``RNGStateHook``.

    Args:
        runner (Runner): The runner.
        dataloader (DataLoader | dict): The labelled source loader.
        target_dataloader (DataLoader | dict, optional): The target loader,
            for a runner built in Python. A config gives it once, as the
            top-level ``target_dataloader`` (so ``--cfg-options
            target_dataloader.xxx`` and derived configs change the loader
            that trains); giving it in both places is an error.
        max_iters (int): Total training iterations.
        val_begin (int): First iteration that may validate. Defaults to 1.
        val_interval (int): Validation interval. Defaults to 1000.
        dynamic_intervals (list[tuple[int, int]], optional): As in
            ``IterBasedTrainLoop``.
    """

    def __init__(
            self,
            runner,
            dataloader: Union[DataLoader, Dict],
            max_iters: int,
            target_dataloader: Union[DataLoader, Dict, None] = None,
            val_begin: int = 1,
            val_interval: int = 1000,
            dynamic_intervals: Optional[List[Tuple[int, int]]] = None) -> None:
        super().__init__(
            runner,
            dataloader,
            max_iters=max_iters,
            val_begin=val_begin,
            val_interval=val_interval,
            dynamic_intervals=dynamic_intervals)
        target_dataloader = unlabeled_loader(
            _one_target_loader(runner, target_dataloader), 'target_dataloader')
        if isinstance(target_dataloader, dict):
            # Seeded as the runner seeds train_dataloader.
            randomness = runner.cfg.get('randomness') or {}
            target_dataloader = runner.build_dataloader(
                target_dataloader,
                seed=runner.seed,
                diff_rank_seed=randomness.get('diff_rank_seed', False))
        self.target_dataloader = target_dataloader
        # The stock loop's own cycling iterator (mmengine keeps its class
        # private, so it is taken from the source loader's).
        self.target_iterator = type(self._stock_iterator)(target_dataloader)
        check_same_classes(self.dataloader.dataset,
                           self.target_dataloader.dataset)

    def next_batch(self) -> dict:
        """The paired batch: ``dict(source=..., target=...)``."""
        return {
            SOURCE: next(self._stock_iterator),
            TARGET: next(self.target_iterator)
        }


def _one_target_loader(runner, from_loop_cfg):
    """The target loader from its one home: the config's top level, or the
    loop's argument when the runner was built in Python."""
    cfg = getattr(runner, 'cfg', None)
    from_top = cfg.get('target_dataloader') if cfg is not None else None
    if from_top is not None and from_loop_cfg is not None:
        raise ValueError(
            'target_dataloader is given twice, at the top level of the config '
            'and in train_cfg; keep only the top-level target_dataloader so '
            'that one setting (and one --cfg-options key) changes it')
    loader = from_top if from_top is not None else from_loop_cfg
    if loader is None:
        raise ValueError(
            'UDATrainLoop needs an unlabelled target loader: set the '
            'top-level target_dataloader in the config (beside '
            'train_dataloader)')
    return loader


def check_same_classes(source, target) -> None:
    """Raise if two datasets' ``metainfo['classes']`` differ.

    UDA assumes one label space: a class count or order that differs would
    silently pair the wrong classifier outputs with the target's classes.
    """
    classes_s = getattr(source, 'metainfo', {}).get('classes')
    classes_t = getattr(target, 'metainfo', {}).get('classes')
    if classes_s is None or classes_t is None:
        return
    if tuple(classes_s) != tuple(classes_t):
        raise ValueError(
            'source and target datasets must have the same classes in the '
            f'same order: source {_describe(source)} has {len(classes_s)} '
            f'classes {_head(classes_s, classes_t)}, target '
            f'{_describe(target)} has {len(classes_t)} classes '
            f'{_head(classes_t, classes_s)}')


def _describe(dataset) -> str:
    inner = getattr(dataset, 'dataset', dataset)
    return type(inner).__name__


def _head(classes, other, n: int = 5) -> str:
    """``classes`` around their first difference from ``other``: index
    ``i`` of the first class that differs (or is missing on one side) and
    up to ``n`` classes from ``i - 2``, each with its index."""
    classes, other = list(classes), list(other)
    first = next((i for i, (a, b) in enumerate(zip(classes, other)) if a != b),
                 min(len(classes), len(other)))
    start = max(first - 2, 0)
    shown = ', '.join(f'{i}: {c}'
                      for i, c in enumerate(classes[start:start + n], start))
    return (f'(first difference at index {first}: '
            f'{"..., " if start else ""}{shown or "none"}'
            f'{", ..." if len(classes) > start + n else ""})')
