# Copyright (c) mmda contributors. All rights reserved.
from collections import OrderedDict
from functools import lru_cache
from typing import Dict, Tuple

import torch
from mmengine.dist import all_reduce, get_world_size
from torch import Tensor


def parse_losses_across_ranks(
        losses: Dict[str, Tensor]) -> Tuple[Tensor, Dict[str, Tensor]]:
    """Sum the loss terms and average the logged values over ranks.

    mmengine's ``BaseModel.parse_losses`` logs rank 0's values alone; here
    every logged value is the mean over all ranks (one ``all_reduce`` of the
    stacked values). The loss returned for backward stays local, since DDP
    averages the gradients itself. Because the logged values are the same
    on every rank, ``NonFiniteStopHook``'s check of them stops every rank
    at the same iteration, instead of the healthy ranks waiting forever for
    a crashed one.

    Args:
        losses (dict[str, Tensor]): Raw outputs of the model. Keys that
            contain ``'loss'`` are summed into the total loss.

    Returns:
        tuple[Tensor, dict[str, Tensor]]: The local total loss and the
        rank-averaged log variables (``'loss'`` first).
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
    reduced = OrderedDict(
        (k, v) for (k, _), v in zip(log_vars, values.unbind()))
    return loss, reduced


def named_losses(losses: Dict[str, Tensor]) -> Dict[str, Tensor]:
    """``losses`` with a head's ``'loss'`` term named ``'loss_cls'`` (the
    name ``'loss'`` is the total's), unless a ``'loss_cls'`` is there."""
    if 'loss' not in losses or 'loss_cls' in losses:
        return losses
    return {('loss_cls' if k == 'loss' else k): v for k, v in losses.items()}


class RankAveragedLosses:
    """Mixin: a model whose ``parse_losses`` sums its terms and logs each
    averaged over the ranks (:func:`parse_losses_across_ranks`), a head's
    ``'loss'`` term logged as ``'loss_cls'``."""

    def parse_losses(
            self, losses: Dict[str,
                               Tensor]) -> Tuple[Tensor, Dict[str, Tensor]]:
        return parse_losses_across_ranks(named_losses(losses))


@lru_cache(maxsize=None)
def with_rank_averaged_losses(cls: type) -> type:
    """``cls`` with :class:`RankAveragedLosses` mixed in (one class per
    ``cls``, same name): how ``PluggedModel`` gives a stock model mmda's
    loss path when it builds it, without changing the stock class."""
    if issubclass(cls, RankAveragedLosses):
        return cls
    return type(
        cls.__name__, (RankAveragedLosses, cls), {
            '__module__': cls.__module__,
            '__qualname__': cls.__qualname__,
            '__doc__': cls.__doc__
        })
