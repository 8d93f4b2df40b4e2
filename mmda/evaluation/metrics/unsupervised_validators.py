# Copyright (c) mmda contributors. All rights reserved.
"""Validators: metrics that score a model on an unlabelled target split.

They let a run keep its best checkpoint, and a sweep pick hyper-parameters,
without target labels. Each stores, per sample, only the dataset index and
the predicted probabilities; it never reads a label. The scores are
computed once over the whole split on rank 0, from the records of all
ranks put in dataset order by their ``sample_idx`` (padding duplicates
dropped), so a distributed run gives the value of a single process.
"""
from collections import OrderedDict
from typing import Callable, Dict, List, NamedTuple, Optional, Sequence

import numpy as np
import torch
from mmengine.evaluator import BaseMetric

from mmda.registry import METRICS
from ..functional import (batch_nuclear_norm, information_maximization,
                          prediction_entropy, soft_neighborhood_density)


class ValidatorSpec(NamedTuple):
    """A validator's score function and its direction.

    Attributes:
        score (Callable): ``(probs, **kwargs) -> float`` over the ``(N, C)``
            probabilities of the whole split.
        rule (str): ``'greater'`` if higher is better, else ``'less'``; the
            ``rule`` to give ``CheckpointHook(save_best=...)``.
    """
    score: Callable[..., float]
    rule: str


#: Validators by name: the metric key each returns, its score, its rule.
VALIDATORS: Dict[str, ValidatorSpec] = OrderedDict(
    entropy=ValidatorSpec(prediction_entropy, 'less'),
    im=ValidatorSpec(information_maximization, 'greater'),
    bnm=ValidatorSpec(batch_nuclear_norm, 'greater'),
    snd=ValidatorSpec(soft_neighborhood_density, 'greater'),
)


def validator_rule(name: str) -> str:
    """``'greater'`` or ``'less'``: the direction of validator ``name``."""
    return _spec(name).rule


def _spec(name: str) -> ValidatorSpec:
    if name not in VALIDATORS:
        raise KeyError(f'unknown validator {name!r}; available validators: '
                       f'{", ".join(VALIDATORS)}')
    return VALIDATORS[name]


@METRICS.register_module()
class UnsupervisedValidators(BaseMetric):
    """Scores of a classifier on an unlabelled split (no label is read).

    Returns one key per validator, named as in :data:`VALIDATORS`:

    * ``entropy``: mean prediction entropy, lower is better;
    * ``im``: information maximisation ``H(mean p) - mean H(p)``, higher
      is better;
    * ``bnm``: batch nuclear norm ``||A||_* / N`` (Cui et al., CVPR 2020),
      higher is better;
    * ``snd``: soft neighbourhood density (Saito et al., ICCV 2021),
      higher is better.

    The equations are in :mod:`mmda.evaluation.functional`. Put the metric
    on a loader of the target's *training* split wrapped in
    ``UnlabeledDataset`` (``MultiValLoop`` does this), with the test
    pipeline and a ``DefaultSampler`` without shuffling.

    Args:
        validators (Sequence[str]): Which to compute. Defaults to all.
        snd_temperature (float): SND's ``tau``. Defaults to 0.05 (paper).
        collect_device (str): ``'cpu'`` or ``'gpu'``.
        prefix (str, optional): Prefix of the keys. Defaults to none, so
            that a loop's prefix gives e.g. ``target_unlabeled/snd``.
    """

    default_prefix: Optional[str] = None

    def __init__(self,
                 validators: Sequence[str] = tuple(VALIDATORS),
                 snd_temperature: float = 0.05,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        if isinstance(validators, str):
            validators = (validators, )
        if not validators:
            raise ValueError('UnsupervisedValidators: no validator given; '
                             f'available validators: {", ".join(VALIDATORS)}')
        for name in validators:
            _spec(name)
        self.validators = tuple(validators)
        self.snd_temperature = snd_temperature
        self._size: Optional[int] = None

    def metric_names(self) -> List[str]:
        """The keys :meth:`evaluate` returns (with the prefix)."""
        return [self._with_prefix(n) for n in self.validators]

    def metric_rules(self) -> Dict[str, str]:
        """``{key: 'greater' | 'less'}`` for each key returned."""
        return {
            self._with_prefix(n): validator_rule(n)
            for n in self.validators
        }

    def _with_prefix(self, name: str) -> str:
        return f'{self.prefix}/{name}' if self.prefix else name

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        name = type(self).__name__
        for sample in data_samples:
            # Only these two keys are read: never a label.
            if 'pred_score' not in sample:
                raise KeyError(f'{name}: a data sample has no "pred_score"; '
                               'the model must output class probabilities')
            if 'sample_idx' not in sample:
                raise KeyError(
                    f'{name}: a data sample has no "sample_idx"; keep it in '
                    'PackInputs\' meta_keys (the default)')
            score = torch.as_tensor(sample['pred_score']).detach()
            self.results.append(
                dict(
                    idx=int(sample['sample_idx']),
                    prob=score.float().cpu().numpy()))

    def evaluate(self, size: int) -> dict:
        self._size = size
        return super().evaluate(size)

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        probs = self._in_dataset_order(results)
        kwargs = dict(snd=dict(temperature=self.snd_temperature))
        metrics = OrderedDict()
        for name in self.validators:
            metrics[name] = _spec(name).score(probs, **kwargs.get(name, {}))
        return metrics

    def _in_dataset_order(self, results: List[dict]) -> torch.Tensor:
        """The records' probabilities as one ``(N, C)`` tensor in dataset
        order; each index once."""
        name = type(self).__name__
        if not results:
            raise ValueError(f'{name}: the target split is empty; an '
                             'unsupervised validator needs its samples')
        by_index = {r['idx']: r['prob'] for r in results}
        index = sorted(by_index)
        size = self._size
        if size is not None and index != list(range(size)):
            missing = sorted(set(range(size)) - set(index))
            raise RuntimeError(
                f'{name}: the loader gave {len(index)} distinct samples of '
                f'{size} (missing e.g. {missing[:5]}); use a DefaultSampler '
                'without drop_last so every sample is scored once')
        return torch.from_numpy(np.stack([by_index[i] for i in index]))


@METRICS.register_module()
class EntropyValidator(UnsupervisedValidators):
    """Mean prediction entropy on an unlabelled split: key ``entropy``,
    **lower is better**. See :func:`mmda.evaluation.functional.
    prediction_entropy`; arguments as :class:`UnsupervisedValidators`."""

    def __init__(self, **kwargs) -> None:
        super().__init__(validators=('entropy', ), **kwargs)


@METRICS.register_module()
class IMValidator(UnsupervisedValidators):
    """Information maximisation on an unlabelled split: key ``im``,
    **higher is better**. See :func:`mmda.evaluation.functional.
    information_maximization`; arguments as
    :class:`UnsupervisedValidators`."""

    def __init__(self, **kwargs) -> None:
        super().__init__(validators=('im', ), **kwargs)


@METRICS.register_module()
class BNMValidator(UnsupervisedValidators):
    """Batch nuclear norm (Cui et al., CVPR 2020) on an unlabelled split:
    key ``bnm``, **higher is better**. See :func:`mmda.evaluation.
    functional.batch_nuclear_norm`; arguments as
    :class:`UnsupervisedValidators`."""

    def __init__(self, **kwargs) -> None:
        super().__init__(validators=('bnm', ), **kwargs)


@METRICS.register_module()
class SNDValidator(UnsupervisedValidators):
    """Soft neighbourhood density (Saito et al., ICCV 2021) on an
    unlabelled split: key ``snd``, **higher is better**. See
    :func:`mmda.evaluation.functional.soft_neighborhood_density`;
    arguments as :class:`UnsupervisedValidators`."""

    def __init__(self, **kwargs) -> None:
        super().__init__(validators=('snd', ), **kwargs)
