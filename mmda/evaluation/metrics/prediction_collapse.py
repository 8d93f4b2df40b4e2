# Copyright (c) mmda contributors. All rights reserved.
from collections import Counter, OrderedDict
from typing import Dict, List, Optional, Sequence

from mmengine.logging import print_log

from mmda.registry import METRICS
from .base import PerSampleMetric


@METRICS.register_module()
class PredictionCollapse(PerSampleMetric):
    """Flags the domains whose predictions collapsed into one class.

    Test-time adaptation can collapse: entropy minimisation drives every
    prediction to one class (TENT in long continual runs, as the TTA
    references report), and an error rate of such a run is not a plain
    number to compare. For each domain (the samples' ``domain_keys``, e.g.
    a corruption and severity) this metric takes the share of the most
    predicted class; a domain whose share reaches ``max_share`` is
    collapsed. Collapsed domains are logged as a warning, by name.

    Returns ``{prefix}/domains`` (the number of collapsed domains, 0 for a
    healthy run), ``{prefix}/max_share`` (the largest share of one class
    in any domain, in percent) and ``{prefix}/max_share_expected`` (the
    same share among the ground-truth labels, for comparison: a test set
    that is itself one class is not a collapse).

    Args:
        domain_keys (Sequence[str]): Sample fields naming a domain.
            Defaults to ``('corruption', 'severity')``.
        max_share (float): The share (0 to 1) of one class from which a
            domain counts as collapsed, unless its labels are as
            concentrated. Defaults to 0.95.
        collect_device (str): ``'cpu'`` or ``'gpu'``.
        prefix (str, optional): Defaults to ``'collapse'``.
    """

    default_prefix = 'collapse'

    def __init__(self,
                 domain_keys: Sequence[str] = ('corruption', 'severity'),
                 max_share: float = 0.95,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        if not 0 < max_share <= 1:
            raise ValueError('PredictionCollapse: max_share must be in '
                             f'(0, 1], got {max_share}')
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.fields = tuple(domain_keys)
        self.max_share = max_share

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        groups: Dict[tuple, List[dict]] = {}
        for r in results:
            groups.setdefault(tuple(r[k] for k in self.fields), []).append(r)
        collapsed = []
        shares, expected = [], []
        for domain, records in groups.items():
            cls, count = Counter(r['pred'] for r in records).most_common(1)[0]
            share = count / len(records)
            label_share = Counter(
                r['gt'] for r in records).most_common(1)[0][1] / len(records)
            shares.append(share)
            expected.append(label_share)
            if share >= self.max_share and label_share < self.max_share:
                collapsed.append(f'{"/".join(map(str, domain))} '
                                 f'({100 * share:.1f}% class {cls})')
        if collapsed:
            print_log(
                f'COLLAPSED: {len(collapsed)} of {len(groups)} domains '
                f'predict one class for >= {100 * self.max_share:.0f}% of '
                f'their samples: {", ".join(collapsed)}. Their errors are '
                'those of a collapsed model, not of the method at work.',
                logger='current',
                level=30)
        return OrderedDict([('domains', float(len(collapsed))),
                            ('max_share', 100.0 * max(shares)),
                            ('max_share_expected', 100.0 * max(expected))])
