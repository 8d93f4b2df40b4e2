# Copyright (c) mmda contributors. All rights reserved.
"""Where a training sample carries its pseudo-label to the model."""
from typing import Optional, Sequence

import torch
from mmpretrain.structures import DataSample
from torch import Tensor

#: Field of a ``DataSample`` set by ``PseudoLabelHook``: a 0-d int64 tensor.
SAMPLE_FIELD = 'pseudo_label'


def pseudo_labels_of(data_samples: Sequence[DataSample]) -> Optional[Tensor]:
    """The ``(N,)`` pseudo-labels carried by ``data_samples``, or None if
    none carries one.

    Raises:
        RuntimeError: If only some of them carry one.
    """
    carried = [SAMPLE_FIELD in s for s in data_samples]
    if not any(carried):
        return None
    if not all(carried):
        raise RuntimeError(
            f'{carried.count(False)} of {len(carried)} samples of the batch '
            'carry no pseudo-label; PseudoLabelHook labels every sample')
    return torch.stack([s.get(SAMPLE_FIELD) for s in data_samples]).long()
