# Copyright (c) mmda contributors. All rights reserved.
"""Stop training at the first non-finite loss, parameter or buffer."""
from typing import Dict, List, Optional, Tuple

import torch
from mmengine.dist import all_reduce, get_world_size
from mmengine.hooks import Hook
from mmengine.logging import MessageHub
from torch import Tensor, nn

from mmda.engine.runner.non_finite_tensors import non_finite_tensors
from mmda.engine.runner.unwrap_model import unwrap_model
from mmda.models.algorithms.loss_parsing import parse_losses_across_ranks
from mmda.registry import HOOKS


@HOOKS.register_module()
class NonFiniteStopHook(Hook):
    """Give every trained model mmda's loss path: rank-averaged logged
    losses and a stop, naming the iteration, at the first non-finite value.

    mmengine's ``BaseModel.train_step`` sums the losses with the model's
    ``parse_losses`` and then steps the optimiser. Before training this
    hook binds :func:`parse_losses_across_ranks` as the ``parse_losses`` of
    the model instance (its class, and so its checkpoints, are unchanged).
    Any model then, a plain mmpretrain ``ImageClassifier`` as much as an
    mmda algorithm:

    - logs each loss term averaged over the ranks, not rank 0's alone;
    - raises ``FloatingPointError('iteration i/n: non-finite loss (...)')``
      when the total loss is NaN or infinite on any rank, before backward,
      so no optimiser steps and no checkpoint of that iteration is written.

    After each iteration, before ``CheckpointHook`` (whose priority is
    ``VERY_LOW``) can save, the parameters and buffers are checked too: a
    step can make a weight infinite while the loss that caused it was
    finite, and BatchNorm's ``running_var`` can overflow in a forward.
    Training then stops with the iteration and the tensors' names. All
    ranks agree on either stop (one ``all_reduce``), so none waits on a
    rank that has stopped.

    Args:
        check_state (bool): Check parameters and buffers after each
            iteration. Defaults to True.
        shown (int): How many non-finite tensors to name. Defaults to 5.
    """

    priority = 'ABOVE_NORMAL'

    def __init__(self, check_state: bool = True, shown: int = 5) -> None:
        self.check_state = check_state
        self.shown = shown

    def before_train(self, runner) -> None:
        model = unwrap_model(runner.model)
        # An instance attribute shadows the class's method, which is what
        # train_step (and mmengine's DDP wrapper) call. It holds no state,
        # so copies of the model (EMA) stay cheap.
        model.parse_losses = parse_losses_naming_iteration

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch=None,
                         outputs: Optional[dict] = None) -> None:
        if not self.check_state:
            return
        bad = model_non_finite_tensors(unwrap_model(runner.model))
        flag = torch.tensor([float(len(bad))])
        if get_world_size() > 1:
            all_reduce(flag)
        if flag.item() == 0:
            return
        where = 'on another rank' if not bad else (
            ', '.join(bad[:self.shown]) +
            (f', ... ({len(bad)} in all)' if len(bad) > self.shown else ''))
        raise FloatingPointError(
            f'{_iteration()}: non-finite parameters or buffers after '
            f'the step ({where}). Training stopped before any checkpoint of '
            'this iteration was written.')


def model_non_finite_tensors(model: nn.Module) -> List[str]:
    """The parameters and buffers of ``model`` that hold a NaN or an
    infinity (:func:`non_finite_tensors` over both)."""
    return non_finite_tensors({
        **dict(model.named_parameters()),
        **dict(model.named_buffers())
    })


def _iteration() -> str:
    """``'iteration i/n'`` of the training in progress, 1-based, from the
    runtime information mmengine's ``RuntimeInfoHook`` keeps."""
    hub = MessageHub.get_current_instance()
    done, total = hub.get_info('iter', 0), hub.get_info('max_iters')
    return f'iteration {done + 1}/{total}'


def parse_losses_naming_iteration(
        losses: Dict[str, Tensor]) -> Tuple[Tensor, Dict[str, Tensor]]:
    """:func:`parse_losses_across_ranks`, whose error names the iteration.

    An mmpretrain head names its one term ``'loss'``, the name of the total;
    that term is logged as ``'loss_cls'`` (as ``UDAImageClassifier`` names
    it) unless the model has a ``'loss_cls'`` already.
    """
    if 'loss' in losses and 'loss_cls' not in losses:
        losses = {
            ('loss_cls' if k == 'loss' else k): v
            for k, v in losses.items()
        }
    try:
        return parse_losses_across_ranks(losses)
    except FloatingPointError as e:
        done = MessageHub.get_current_instance().get_info('iter', 0)
        raise FloatingPointError(
            f'{_iteration()}: {e}. Training stopped before the optimiser '
            f'step; the last checkpoint written is from iteration {done} or '
            'earlier.') from e
