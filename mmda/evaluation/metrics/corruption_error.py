# Copyright (c) mmda contributors. All rights reserved.
from collections import OrderedDict
from typing import Dict, List

import numpy as np
from mmengine.logging import print_log

from mmda.registry import METRICS
from mmda.utils.corruption_names import CORRUPTIONS, EXTRA_CORRUPTIONS
from .base import PerSampleMetric, accuracy


@METRICS.register_module()
class CorruptionError(PerSampleMetric):
    """Mean corruption error on CIFAR-10-C / CIFAR-100-C.

    As CrossNorm/SelfNorm (Tang et al., ICCV 2021) and AugMix report it for
    CIFAR: the top-1 error in percent of each (corruption, severity) set,
    averaged over all of them, with no normalisation by a baseline model.
    Each data sample must carry ``corruption`` and ``severity``
    (:class:`CIFAR10C` sets them; pass them on with
    ``PackInputs(meta_keys=DOMAIN_META_KEYS)``).

    Returns ``{prefix}/mCE``, ``{prefix}/error/<corruption>`` (averaged over
    its severities), ``{prefix}/error/severity_<s>`` (averaged over the
    corruptions) and ``{prefix}/accuracy`` over all samples; a corruption x
    severity table of errors is logged. ``mCE`` averages the sets that were
    evaluated; the logged table says which.

    Args:
        collect_device (str): ``'cpu'`` or ``'gpu'``.
        prefix (str, optional): Defaults to ``'corruption'``.
    """

    default_prefix = 'corruption'
    fields = ('corruption', 'severity')

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        groups: Dict[tuple, List[dict]] = {}
        for r in results:
            groups.setdefault((str(r['corruption']), int(r['severity'])),
                              []).append(r)
        errors = {k: 100.0 - accuracy(v) for k, v in groups.items()}
        corruptions = list(
            dict.fromkeys(k[0]
                          for k in sorted(groups, key=lambda k: _order(k[0]))))
        severities = sorted({k[1] for k in groups})
        metrics = OrderedDict()
        metrics['mCE'] = float(np.mean(list(errors.values())))
        for c in corruptions:
            metrics[f'error/{c}'] = float(
                np.mean([errors[k] for k in errors if k[0] == c]))
        for s in severities:
            metrics[f'error/severity_{s}'] = float(
                np.mean([errors[k] for k in errors if k[1] == s]))
        metrics['accuracy'] = accuracy(results)
        width = max(len('corruption'), *(len(c) for c in corruptions))
        lines = [
            f'{"corruption":<{width}}' + ''.join(f'  {"s" + str(s):>6}'
                                                 for s in severities)
        ]
        for c in corruptions:
            lines.append(f'{c:<{width}}' +
                         ''.join(f'  {errors[(c, s)]:6.2f}' if
                                 (c, s) in errors else f'  {"-":>6}'
                                 for s in severities))
        print_log(
            f'Top-1 error (%) by corruption and severity, over '
            f'{len(errors)} sets:\n' + '\n'.join(lines),
            logger='current')
        return metrics


def _order(corruption: str):
    known = CORRUPTIONS + EXTRA_CORRUPTIONS
    return (known.index(corruption) if corruption in known else len(known),
            corruption)
