# Copyright (c) mmda contributors. All rights reserved.
"""The learning-rate annealing of DANN and SHOT.

Ganin et al., JMLR 2016, Sec. 5.2.2: lr(p) = lr0 / (1 + alpha * p)^beta with
training progress p in [0, 1], alpha = 10, beta = 0.75. SHOT (Liang et al.,
ICML 2020) uses the same schedule. mmengine's ``PolyLR`` decays to zero at
the end instead, so this one is added.
"""
from typing import Union

from mmengine.optim import BaseOptimWrapper
from mmengine.optim.scheduler.lr_scheduler import LRSchedulerMixin
from mmengine.optim.scheduler.param_scheduler import INF, _ParamScheduler
from torch.optim import Optimizer

from mmda.registry import PARAM_SCHEDULERS


def inverse_decay_factor(progress: float,
                         alpha: float = 10.0,
                         beta: float = 0.75) -> float:
    """Return ``(1 + alpha * progress) ** -beta``."""
    return (1.0 + alpha * progress)**(-beta)


@PARAM_SCHEDULERS.register_module()
class InverseDecayParamScheduler(_ParamScheduler):
    """Scale a parameter by ``(1 + alpha * p) ** -beta``, p = step / total.

    The value at step ``t`` of the scheduled range ``[begin, end)`` is
    ``base * (1 + alpha * t / (end - begin)) ** -beta``. It is applied in
    chainable form (each step multiplies by the ratio of consecutive
    factors), so it composes with a warm-up scheduler.

    Args:
        optimizer (Optimizer | BaseOptimWrapper): The optimiser.
        param_name (str): The parameter, e.g. ``'lr'``.
        alpha (float): Defaults to 10.0 (DANN, SHOT).
        beta (float): Defaults to 0.75 (DANN, SHOT).
        begin (int): First step of the schedule. Defaults to 0.
        end (int): End step of the schedule; required, since ``p`` is the
            fraction of it done.
        last_step (int): For resuming without a state dict. Defaults to -1.
        by_epoch (bool): Whether steps are epochs. Defaults to True.
        verbose (bool): Print each update. Defaults to False.
    """

    def __init__(self,
                 optimizer: Union[Optimizer, BaseOptimWrapper],
                 param_name: str,
                 alpha: float = 10.0,
                 beta: float = 0.75,
                 begin: int = 0,
                 end: int = INF,
                 last_step: int = -1,
                 by_epoch: bool = True,
                 verbose: bool = False) -> None:
        if end == INF:
            raise ValueError(
                f'{type(self).__name__} needs a finite `end`: the progress '
                'p = step / (end - begin) is undefined without it')
        self.alpha = alpha
        self.beta = beta
        self.total_steps = end - begin
        super().__init__(
            optimizer,
            param_name=param_name,
            begin=begin,
            end=end,
            last_step=last_step,
            by_epoch=by_epoch,
            verbose=verbose)

    @classmethod
    def build_iter_from_epoch(cls,
                              *args,
                              begin: int = 0,
                              end: int = INF,
                              by_epoch: bool = True,
                              epoch_length: int = None,
                              **kwargs):
        """Build an iteration-based scheduler from an epoch-based config."""
        if not by_epoch or not epoch_length:
            raise ValueError('convert_to_iter_based needs by_epoch=True and '
                             f'a positive epoch_length, got {epoch_length}')
        begin = int(begin * epoch_length)
        if end != INF:
            end = int(end * epoch_length)
        return cls(*args, begin=begin, end=end, by_epoch=False, **kwargs)

    def _factor(self, step: int) -> float:
        return inverse_decay_factor(step / self.total_steps, self.alpha,
                                    self.beta)

    def _get_value(self) -> list:
        if self.last_step == 0:
            return [
                group[self.param_name] for group in self.optimizer.param_groups
            ]
        ratio = self._factor(self.last_step) / self._factor(self.last_step - 1)
        return [
            group[self.param_name] * ratio
            for group in self.optimizer.param_groups
        ]


@PARAM_SCHEDULERS.register_module()
class InverseDecayLR(LRSchedulerMixin, InverseDecayParamScheduler):
    """Learning-rate form of :class:`InverseDecayParamScheduler`:
    ``lr = lr0 * (1 + alpha * p) ** -beta``."""
