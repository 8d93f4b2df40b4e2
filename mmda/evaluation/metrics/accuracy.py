# Copyright (c) mmda contributors. All rights reserved.
from collections import OrderedDict
from typing import Dict, List, Optional

import numpy as np
from mmengine.logging import print_log

from mmda.registry import METRICS
from .base import PerSampleMetric, accuracy


@METRICS.register_module()
class MeanClassAccuracy(PerSampleMetric):
    """Mean per-class accuracy, VisDA-2017's official metric.

    The accuracy of each class (correct / samples of that class), averaged
    over the classes that have samples, in percent. A table of the
    per-class accuracies is logged, named by ``dataset_meta['classes']``.
    Overall accuracy is reported as well.

    Returns ``{prefix}/mean_class`` and ``{prefix}/overall``, and with
    ``per_class=True`` one ``{prefix}/class/<name>`` per class.

    Args:
        per_class (bool): Also return each class's accuracy. Defaults to
            False (they are logged in any case).
        collect_device (str): ``'cpu'`` or ``'gpu'``.
        prefix (str, optional): Defaults to ``'accuracy'``.
    """

    default_prefix = 'accuracy'

    def __init__(self,
                 per_class: bool = False,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.per_class = per_class

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        classes = (self.dataset_meta or {}).get('classes')
        gts = np.array([r['gt'] for r in results], dtype=np.int64)
        preds = np.array([r['pred'] for r in results], dtype=np.int64)
        num_classes = len(classes) if classes else int(gts.max()) + 1
        if classes is not None and len(gts) and gts.max() >= num_classes:
            raise ValueError(f'MeanClassAccuracy: label {gts.max()} for '
                             f'{num_classes} classes')
        per_class = class_accuracies(preds, gts, num_classes)
        names = list(classes) if classes else [
            str(i) for i in range(num_classes)
        ]
        print_log(
            'Per-class accuracy:\n' + class_table(names, per_class, gts),
            logger='current')
        metrics = OrderedDict()
        metrics['mean_class'] = float(np.nanmean(per_class))
        metrics['overall'] = accuracy(results)
        if self.per_class:
            for name, acc in zip(names, per_class):
                metrics[f'class/{name}'] = float(acc)
        return metrics


def class_accuracies(preds: np.ndarray, gts: np.ndarray,
                     num_classes: int) -> np.ndarray:
    """Accuracy of each class in percent; NaN for classes without
    samples."""
    total = np.bincount(gts, minlength=num_classes).astype(np.float64)
    correct = np.bincount(
        gts[preds == gts], minlength=num_classes).astype(np.float64)
    with np.errstate(invalid='ignore', divide='ignore'):
        return np.where(total > 0, 100.0 * correct / total, np.nan)


def class_table(names, accs, gts) -> str:
    counts = np.bincount(gts, minlength=len(names))
    width = max(len('class'), *(len(n) for n in names))
    lines = [f'{"class":<{width}}  {"samples":>7}  {"accuracy":>8}']
    for name, acc, n in zip(names, accs, counts):
        value = 'n/a' if np.isnan(acc) else f'{acc:.2f}'
        lines.append(f'{name:<{width}}  {n:>7}  {value:>8}')
    return '\n'.join(lines)


@METRICS.register_module()
class DomainAccuracy(PerSampleMetric):
    """Accuracy of each domain of a multi-domain test set.

    Each data sample must carry ``domain`` (mmda's datasets set it; pass it
    on with ``PackInputs(meta_keys=DOMAIN_META_KEYS)``). Returns
    ``{prefix}/<domain>`` for each domain, in the order
    ``dataset_meta['domains']`` gives (else sorted), their mean
    ``{prefix}/mean_domain`` and ``{prefix}/overall`` over all samples.

    Args:
        collect_device (str): ``'cpu'`` or ``'gpu'``.
        prefix (str, optional): Defaults to ``'accuracy'``.
    """

    default_prefix = 'accuracy'
    fields = ('domain', )

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        by_domain: Dict[str, List[dict]] = {}
        for r in results:
            by_domain.setdefault(str(r['domain']), []).append(r)
        order = [
            d for d in (self.dataset_meta or {}).get('domains', ())
            if d in by_domain
        ]
        order += sorted(d for d in by_domain if d not in order)
        metrics = OrderedDict()
        for d in order:
            metrics[d] = accuracy(by_domain[d])
        metrics['mean_domain'] = float(np.mean([metrics[d] for d in order]))
        metrics['overall'] = accuracy(results)
        return metrics
