# Copyright (c) mmda contributors. All rights reserved.
import math
from typing import Dict, List, Optional, Sequence

import torch
from mmengine.evaluator import BaseMetric

from mmda.registry import METRICS


@METRICS.register_module()
class CrossEntropyMetric(BaseMetric):
    """The mean cross-entropy of the predictions, ``-log p(y | x)``, from
    each sample's ``pred_score`` (the softmax mmpretrain's heads give).

    mmpretrain's metrics report accuracies; SWAD
    (:class:`~mmda.engine.hooks.SWADHook`) chooses its averaging range by
    the validation loss. One record per sample, so the mean is exact
    under distributed runs.

    Returns ``{prefix}/loss``.

    Args:
        eps (float): The least probability taken, so that a confident
            mistake costs ``-log(eps)`` rather than infinity. Defaults to
            1e-12.
        collect_device (str): ``'cpu'`` or ``'gpu'``.
        prefix (str, optional): Defaults to ``'cross_entropy'``.
    """

    default_prefix = 'cross_entropy'

    def __init__(self,
                 eps: float = 1e-12,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.eps = eps

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            if 'pred_score' not in sample or 'gt_label' not in sample:
                raise KeyError('CrossEntropyMetric: a data sample lacks '
                               '"pred_score" or "gt_label"')
            score = torch.as_tensor(sample['pred_score']).flatten()
            label = int(torch.as_tensor(sample['gt_label']).flatten()[0])
            prob = float(score[label])
            self.results.append(-math.log(max(prob, self.eps)))

    def compute_metrics(self, results: List[float]) -> Dict[str, float]:
        return dict(loss=sum(results) / len(results))
