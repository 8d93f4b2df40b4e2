# Copyright (c) mmda contributors. All rights reserved.
"""Stop training at the first non-finite loss, parameter or buffer."""
import math
from typing import List, Optional

import torch
from mmengine.dist import all_reduce, get_world_size
from mmengine.hooks import Hook
from mmpretrain.utils import get_ori_model
from torch import nn

from mmda.registry import HOOKS
from mmda.utils.non_finite_tensors import non_finite_tensors


@HOOKS.register_module()
class NonFiniteStopHook(Hook):
    """Stop training, naming the iteration, at the first non-finite logged
    loss, parameter or buffer.

    After each iteration, before ``CheckpointHook`` (whose priority is
    ``VERY_LOW``) can save:

    - the values the model's ``train_step`` returned (its
      ``parse_losses`` output) are checked: a NaN or infinite one stops
      the run with every term's value. mmda's classifiers average them
      over the ranks (``BaseDAClassifier.parse_losses``), so every rank
      stops at once; for any other model a value that is non-finite on
      one rank is made known to all (one ``all_reduce``);
    - the parameters and buffers are checked too: a step can make a
      weight infinite while the loss that caused it was finite, and
      BatchNorm's ``running_var`` can overflow in a forward.

    No checkpoint of that iteration is written. The hook changes nothing:
    it does not touch the model or how its losses are summed.

    Args:
        check_state (bool): Check parameters and buffers after each
            iteration. Defaults to True.
        shown (int): How many non-finite tensors to name. Defaults to 5.
    """

    priority = 'ABOVE_NORMAL'

    def __init__(self, check_state: bool = True, shown: int = 5) -> None:
        self.check_state = check_state
        self.shown = shown

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch=None,
                         outputs: Optional[dict] = None) -> None:
        # after_train_iter runs before the loop counts the iteration.
        where = f'iteration {runner.iter + 1}/{runner.max_iters}'
        outputs = outputs or {}
        bad_terms = [k for k, v in outputs.items() if not _finite(v)]
        bad_state = model_non_finite_tensors(get_ori_model(
            runner.model)) if self.check_state else []
        flags = torch.tensor([float(len(bad_terms)), float(len(bad_state))])
        if get_world_size() > 1:
            all_reduce(flags)
        if flags[0] > 0:
            terms = ', '.join(f'{k}={_value(v):.4g}'
                              for k, v in outputs.items())
            raise FloatingPointError(
                f'{where}: non-finite loss ({terms or "on another rank"}). '
                'Training stopped before any checkpoint of this iteration '
                'was written.')
        if flags[1] > 0:
            named = 'on another rank' if not bad_state else (
                ', '.join(bad_state[:self.shown]) +
                (f', ... ({len(bad_state)} in all)'
                 if len(bad_state) > self.shown else ''))
            raise FloatingPointError(
                f'{where}: non-finite parameters or buffers after the step '
                f'({named}). Training stopped before any checkpoint of this '
                'iteration was written.')


def model_non_finite_tensors(model: nn.Module) -> List[str]:
    """The parameters and buffers of ``model`` that hold a NaN or an
    infinity (:func:`non_finite_tensors` over both)."""
    return non_finite_tensors({
        **dict(model.named_parameters()),
        **dict(model.named_buffers())
    })


def _value(v) -> float:
    return float(v.detach().float().mean()) if torch.is_tensor(v) else float(v)


def _finite(v) -> bool:
    try:
        return math.isfinite(_value(v))
    except (TypeError, ValueError):
        return True  # not a number: nothing to check
