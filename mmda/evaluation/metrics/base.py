# Copyright (c) mmda contributors. All rights reserved.
"""Per-sample records, so that metrics are exact under distributed runs.

Each rank stores one small record per sample; mmengine's
``collect_results`` gathers them in the samplers' order and drops the
padding that evens out the ranks' shards. Metrics are computed from all
records at once on rank 0, never averaged over ranks.
"""
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import torch
from mmengine.evaluator import BaseMetric


def _scalar(value: Any, what: str) -> Any:
    if isinstance(value, torch.Tensor):
        if value.numel() != 1:
            raise ValueError(f'{what}: expected one value, got a tensor of '
                             f'shape {tuple(value.shape)}')
        return value.item()
    if isinstance(value, np.ndarray):
        return value.reshape(-1)[0].item()
    return value


class PerSampleMetric(BaseMetric):
    """Stores ``pred``, ``gt`` and the ``fields`` of each data sample."""

    fields: Sequence[str] = ()

    def __init__(self,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        name = type(self).__name__
        for sample in data_samples:
            if 'pred_label' in sample:
                pred = int(_scalar(sample['pred_label'], name))
            elif 'pred_score' in sample:
                pred = int(torch.as_tensor(sample['pred_score']).argmax())
            else:
                raise KeyError(f'{name}: a data sample has neither '
                               '"pred_label" nor "pred_score"')
            if 'gt_label' not in sample:
                raise KeyError(
                    f'{name}: a data sample has no "gt_label"; the test set '
                    'must be labelled')
            record = {
                'pred': pred,
                'gt': int(_scalar(sample['gt_label'], name))
            }
            for key in self.fields:
                if key not in sample:
                    raise KeyError(
                        f'{name}: a data sample has no {key!r}; add it to '
                        'PackInputs\' meta_keys (mmda.datasets.'
                        'DOMAIN_META_KEYS) and use a dataset that sets it')
                record[key] = _scalar(sample[key], name)
            self.results.append(record)


def accuracy(records: List[Dict]) -> float:
    """Top-1 accuracy in percent."""
    if not records:
        return float('nan')
    return 100.0 * sum(r['pred'] == r['gt'] for r in records) / len(records)
