# Copyright (c) mmda contributors. All rights reserved.
from collections import OrderedDict
from typing import Dict, Tuple

import torch
from mmengine.dist import all_reduce, get_world_size
from torch import Tensor


def parse_losses_across_ranks(
        losses: Dict[str, Tensor]) -> Tuple[Tensor, Dict[str, Tensor]]:
    """Sum the loss terms, average the logged values over ranks, and refuse
    a non-finite total.

    mmengine's ``BaseModel.parse_losses`` logs rank 0's values alone; here
    every logged value is the mean over all ranks (one ``all_reduce`` of the
    stacked values). The loss returned for backward stays local, since DDP
    averages the gradients itself. The finiteness check uses the reduced
    total, so every rank stops at the same iteration instead of the healthy
    ranks waiting forever for a crashed one.

    Args:
        losses (dict[str, Tensor]): Raw outputs of the model. Keys that
            contain ``'loss'`` are summed into the total loss.

    Returns:
        tuple[Tensor, dict[str, Tensor]]: The local total loss and the
        rank-averaged log variables (``'loss'`` first).

    Raises:
        FloatingPointError: If the total loss is NaN or infinite on any rank.
    """
    if 'loss' in losses:
        raise KeyError("a loss term may not be named 'loss', the name of the "
                       "total; use e.g. 'loss_cls'")
    log_vars = []
    for name, value in losses.items():
        if isinstance(value, Tensor):
            log_vars.append((name, value.mean()))
        elif isinstance(value, (list, tuple)) and all(
                isinstance(v, Tensor) for v in value):
            log_vars.append((name, sum(v.mean() for v in value)))
        else:
            raise TypeError(f'{name} is not a tensor or list of tensors')
    loss = sum(v for k, v in log_vars if 'loss' in k)
    log_vars.insert(0, ('loss', loss))

    values = torch.stack([v.detach().float() for _, v in log_vars])
    if get_world_size() > 1:
        all_reduce(values, op='mean')
    if not torch.isfinite(values[0]):
        terms = ', '.join(f'{k}={v:.4g}'
                          for (k, _), v in zip(log_vars, values.tolist()))
        raise FloatingPointError(f'non-finite loss ({terms})')
    reduced = OrderedDict(
        (k, v) for (k, _), v in zip(log_vars, values.unbind()))
    return loss, reduced
