# Copyright (c) mmda contributors. All rights reserved.
from typing import Dict, Iterator, List, Optional, Sequence, Union

from mmengine.evaluator import Evaluator
from mmengine.runner import ValLoop
from torch.utils.data import DataLoader

from mmda.datasets import unlabeled_loader
from mmda.evaluation.metric_names import check_save_best
from mmda.registry import LOOPS


class PrefixedEvaluators(Evaluator):
    """Several evaluators, each over its own loader, as one.

    ``process`` feeds the evaluator of the loader being iterated
    (:class:`ChainedLoaders` sets :attr:`active`); ``evaluate`` runs each
    over its own dataset size and joins their metrics, each key under its
    evaluation's prefix (``source/accuracy/top1``,
    ``target_unlabeled/snd``).

    Args:
        prefixes (Sequence[str]): One prefix per evaluator.
        evaluators (Sequence[Evaluator]): The evaluators.
        sizes (Sequence[int]): The size of each evaluator's dataset.
    """

    def __init__(self, prefixes: Sequence[str],
                 evaluators: Sequence[Evaluator],
                 sizes: Sequence[int]) -> None:
        super().__init__([])
        self.prefixes = list(prefixes)
        self.evaluators = list(evaluators)
        self.sizes = list(sizes)
        self.metrics = [m for e in self.evaluators for m in e.metrics]
        self.active = 0

    @property
    def dataset_meta(self) -> Optional[dict]:
        return self.evaluators[0].dataset_meta

    @dataset_meta.setter
    def dataset_meta(self, dataset_meta: dict) -> None:
        """Ignored: each evaluator keeps the metainfo of its own dataset,
        set when its loader is built."""

    def process(self, data_samples, data_batch=None) -> None:
        self.evaluators[self.active].process(data_samples, data_batch)

    def evaluate(self, size: Optional[int] = None) -> dict:
        """Metrics of every evaluation, prefixed; ``size`` is unused (each
        evaluator knows its own)."""
        metrics = {}
        for prefix, evaluator, n in zip(self.prefixes, self.evaluators,
                                        self.sizes):
            for key, value in evaluator.evaluate(n).items():
                metrics[f'{prefix}/{key}'] = value
        return metrics


class ChainedLoaders:
    """Iterate several loaders one after the other, telling the
    :class:`PrefixedEvaluators` which one each batch comes from."""

    def __init__(self, loaders: Sequence[DataLoader],
                 evaluator: PrefixedEvaluators) -> None:
        self.loaders = list(loaders)
        self.evaluator = evaluator
        # ValLoop reads ``dataloader.dataset``; the size it passes on is
        # ignored by PrefixedEvaluators
        self.dataset = self.loaders[0].dataset
        self.batch_size = self.loaders[0].batch_size

    def __iter__(self) -> Iterator:
        for i, loader in enumerate(self.loaders):
            self.evaluator.active = i
            yield from loader

    def __len__(self) -> int:
        return sum(len(loader) for loader in self.loaders)


@LOOPS.register_module()
class MultiValLoop(ValLoop):
    """Validate on several (loader, evaluator) pairs, each with a prefix.

    A domain adaptation run can so validate on the labelled source
    validation split (the runner's ``val_dataloader`` and
    ``val_evaluator``) and, with validators such as
    :class:`~mmda.evaluation.UnsupervisedValidators`, on the unlabelled
    target training split in the same validation:

    .. code-block:: python

        val_cfg = dict(
            type=MultiValLoop,
            prefix='source',
            evaluations=[
                dict(prefix='target_unlabeled',
                     dataloader=dict(val_dataloader,
                                     dataset=target_dataloader['dataset']),
                     evaluator=dict(type=UnsupervisedValidators))
            ])
        default_hooks.checkpoint.update(
            save_best='target_unlabeled/snd', rule='greater')

    gives ``source/accuracy/top1`` and ``target_unlabeled/{entropy,im,bnm,
    snd}``. The loaders of ``evaluations`` are wrapped in
    ``UnlabeledDataset`` unless ``keep_labels=True``, so no target label
    reaches the model or the metrics. Validation still runs ``ValLoop.run``
    once (one ``before_val`` / ``after_val_epoch`` with all the metrics),
    so ``CheckpointHook(save_best=...)`` can keep the best checkpoint by
    any of them; a ``save_best`` key that no evaluation computes is
    refused when the loop is built, before training.

    Args:
        runner (Runner): The runner.
        dataloader (DataLoader | dict): The first loader (the runner's
            ``val_dataloader``).
        evaluator (Evaluator | dict | list): Its evaluator.
        prefix (str): Prefix of the first evaluator's metrics. Defaults to
            ``'source'``.
        unlabeled (bool): Wrap the first loader's dataset in
            ``UnlabeledDataset`` (a source-free run validating only on the
            target). Defaults to False.
        evaluations (Sequence[dict]): More pairs, each
            ``dict(prefix=..., dataloader=..., evaluator=...,
            keep_labels=False)``.
        fp16 (bool): As in ``ValLoop``.
    """

    def __init__(self,
                 runner,
                 dataloader: Union[DataLoader, Dict],
                 evaluator: Union[Evaluator, Dict, List],
                 prefix: str = 'source',
                 unlabeled: bool = False,
                 evaluations: Sequence[dict] = (),
                 fp16: bool = False) -> None:
        if unlabeled:
            dataloader = unlabeled_loader(dataloader, 'val_dataloader')
        super().__init__(runner, dataloader, evaluator, fp16)
        prefixes, loaders, evaluators = [prefix], [self.dataloader
                                                   ], [self.evaluator]
        for i, cfg in enumerate(evaluations):
            where = f'val_cfg.evaluations[{i}]'
            cfg = dict(cfg)
            missing = {'prefix', 'dataloader', 'evaluator'} - set(cfg)
            unknown = set(cfg) - {
                'prefix', 'dataloader', 'evaluator', 'keep_labels'
            }
            if missing or unknown:
                raise KeyError(
                    f'{where} needs the keys prefix, dataloader and '
                    f'evaluator (and optionally keep_labels); missing '
                    f'{sorted(missing)}, unknown {sorted(unknown)}')
            loader = cfg['dataloader']
            if not cfg.get('keep_labels', False):
                loader = unlabeled_loader(loader, f'{where}.dataloader')
            if isinstance(loader, dict):
                loader = runner.build_dataloader(loader, seed=runner.seed)
            ev = cfg['evaluator']
            if not isinstance(ev, Evaluator):
                ev = runner.build_evaluator(ev)
            ev.dataset_meta = getattr(loader.dataset, 'metainfo', None)
            prefixes.append(cfg['prefix'])
            loaders.append(loader)
            evaluators.append(ev)
        for i, p in enumerate(prefixes):
            if not isinstance(p, str) or not p or p in prefixes[:i]:
                raise ValueError(
                    'MultiValLoop: each evaluation needs its own non-empty '
                    f'prefix; got {prefixes}')
        self.prefixes = prefixes
        self.evaluator = PrefixedEvaluators(prefixes, evaluators,
                                            [len(d.dataset) for d in loaders])
        self.dataloader = ChainedLoaders(loaders, self.evaluator)
        check_save_best(runner, self)
