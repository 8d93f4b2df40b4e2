# Copyright (c) mmda contributors. All rights reserved.
"""SWAD: dense weight averaging over the valley of the validation loss.

Cha et al., "SWAD: Domain Generalization by Seeking Flat Minima", NeurIPS
2021, Sec. 3.3. Where SWA averages a few checkpoints of a cyclic schedule,
SWAD averages the weights of every iteration from ``t_s`` to ``t_e``:

    theta_swad = 1 / (t_e - t_s + 1) * sum_{i = t_s}^{t_e} theta_i,

with the range found from the training domains' validation loss ``l``,
computed every ``val_interval`` iterations ("overfit-aware" rule):
``t_s`` is the first validation whose loss is the least of the next
``n_converge``; the range ends when the least loss of the last
``n_tolerance`` validations rises above ``r`` times the mean loss at
``t_s`` (``r = 1 + tolerance_ratio``).
"""
import copy
from collections import deque
from typing import Deque, Dict, List, Optional

import torch
from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.model import StochasticWeightAverage, is_model_wrapper
from torch import nn

from mmda.registry import HOOKS


class Segment:
    """The average of the weights of the iterations between two
    validations, and the validation loss at its end."""

    def __init__(self, average: StochasticWeightAverage, start: int, end: int,
                 loss: float) -> None:
        self.average = average
        self.start = start
        self.end = end
        self.loss = loss


class LossValley:
    """The official SWAD's ``LossValley`` range rule (khanrc/swad,
    ``domainbed/swad.py``) over :class:`Segment` s, with mmengine's
    ``StochasticWeightAverage`` as the average.

    Its quirks are kept so that the averaged weights are the official
    ones: the final average starts from a copy of the converged segment
    and then takes the segments the rule admits, each counted once per
    admission, with equal weight.

    Args:
        n_converge (int): Validations in the convergence window.
        n_tolerance (int): Validations in the window whose least loss
            decides whether the valley goes on.
        tolerance_ratio (float): The valley ends above ``(1 + ratio)``
            times the mean loss of the convergence window.
    """

    def __init__(self, n_converge: int, n_tolerance: int,
                 tolerance_ratio: float) -> None:
        self.n_converge = n_converge
        self.n_tolerance = n_tolerance
        self.tolerance_ratio = tolerance_ratio
        self.converge_q: Deque[Segment] = deque(maxlen=n_converge)
        self.smooth_q: Deque[Segment] = deque(maxlen=n_tolerance)
        self.final: Optional[StochasticWeightAverage] = None
        self.start = self.end = -1
        self.converge_step: Optional[int] = None
        self.threshold: Optional[float] = None
        self.dead = False

    @property
    def converged(self) -> bool:
        return self.converge_step is not None

    def _admit(self, segment: Segment, step: Optional[int] = None) -> None:
        self.final.update_parameters(segment.average.module)
        start = segment.start if step is None else step
        if int(self.final.steps) == 1:
            self.start = start
        self.end = segment.end if step is None else step

    def _least_loss(self) -> float:
        return min(s.loss for s in self.smooth_q)

    def update(self, segment: Segment) -> None:
        """Take the segment that a validation ends."""
        if self.dead:
            return
        self.converge_q.append(segment)
        self.smooth_q.append(segment)
        if not self.converged:
            self._try_converge()
            return
        if self.smooth_q[0].end < self.converge_step:
            return
        if self._least_loss() > self.threshold:
            self.dead = True
            return
        self._admit(self.smooth_q[0])

    def _try_converge(self) -> None:
        if len(self.converge_q) < self.n_converge:
            return
        losses = [s.loss for s in self.converge_q]
        if losses.index(min(losses)) != 0:
            return
        first = self.converge_q[0]
        self.converge_step = first.end
        self.final = copy.deepcopy(first.average)
        self.final.steps.zero_()
        self.start = self.end = -1
        self.threshold = (sum(losses) / len(losses)) * (1.0 +
                                                        self.tolerance_ratio)
        if self.n_tolerance < self.n_converge:
            for i in range(self.n_converge - self.n_tolerance):
                self._admit(self.converge_q[1 + i])
        elif self.n_tolerance > self.n_converge:
            window = list(self.smooth_q)[:self.n_tolerance - self.n_converge +
                                         1]
            start = 0
            for i in reversed(range(len(window))):
                if window[i].loss > self.threshold:
                    start = i + 1
                    break
            for segment in window[start + 1:]:
                self._admit(segment)

    def finish(self) -> StochasticWeightAverage:
        """The final average; the segments still in the tolerance window
        are admitted while the window's least loss stays in the valley."""
        if not self.converged:
            raise RuntimeError(
                'SWADHook: the validation loss never converged (no '
                f'validation was the least of the {self.n_converge} that '
                'followed it), so SWAD has no range of checkpoints to '
                'average; train longer, validate more often '
                '(train_cfg.val_interval), or lower n_converge')
        if not self.dead:
            self.smooth_q.popleft()
            while self.smooth_q and self._least_loss() <= self.threshold:
                segment = self.smooth_q.popleft()
                self._admit(segment, step=segment.end)
        return self.final

    def state_dict(self) -> dict:
        segments: List[Segment] = []
        for s in list(self.converge_q) + list(self.smooth_q):
            if all(s is not t for t in segments):
                segments.append(s)

        def index(queue):
            return [
                next(i for i, t in enumerate(segments) if t is s)
                for s in queue
            ]

        return dict(
            segments=[
                dict(
                    average=s.average.state_dict(),
                    start=s.start,
                    end=s.end,
                    loss=s.loss) for s in segments
            ],
            converge_q=index(self.converge_q),
            smooth_q=index(self.smooth_q),
            final=None if self.final is None else self.final.state_dict(),
            start=self.start,
            end=self.end,
            converge_step=self.converge_step,
            threshold=self.threshold,
            dead=self.dead)

    def load_state_dict(self, state: dict, model: nn.Module) -> None:
        segments = []
        for s in state['segments']:
            average = _average(model)
            average.load_state_dict(s['average'])
            segments.append(Segment(average, s['start'], s['end'], s['loss']))
        self.converge_q = deque((segments[i] for i in state['converge_q']),
                                maxlen=self.n_converge)
        self.smooth_q = deque((segments[i] for i in state['smooth_q']),
                              maxlen=self.n_tolerance)
        self.final = None
        if state['final'] is not None:
            self.final = _average(model)
            self.final.load_state_dict(state['final'])
        for key in ('start', 'end', 'converge_step', 'threshold', 'dead'):
            setattr(self, key, state[key])


def _average(model: nn.Module,
             device: Optional[torch.device] = None) -> StochasticWeightAverage:
    return StochasticWeightAverage(model, device=device)


@HOOKS.register_module()
class SWADHook(Hook):
    """SWAD as a hook: average the weights of every iteration of the loss
    valley, and end training with that average.

    Every training iteration updates the current segment's average
    (mmengine's ``StochasticWeightAverage``); every validation closes the
    segment with the validation loss ``loss_key`` (e.g. the training
    domains' held-out cross-entropy, :class:`~mmda.evaluation.
    CrossEntropyMetric`) and hands it to :class:`LossValley`. Once the
    valley is over, training stops early (``stop_when_dead``), as the
    official code does. After training the model's parameters are replaced
    by the average (the test then scores it), its BatchNorm statistics are
    re-estimated over ``bn_update_iters`` training batches when it has
    BatchNorm layers (the official 500), and it is saved as ``swad.pth``
    in the work dir. The hook's state travels with every checkpoint, so a
    resumed run averages the same weights.

    Args:
        loss_key (str): The validation metric to use as the loss. Defaults
            to ``'cross_entropy/loss'``.
        n_converge (int): Defaults to 3 (official).
        n_tolerance (int): Defaults to 6 (official).
        tolerance_ratio (float): Defaults to 0.3 (official).
        stop_when_dead (bool): Stop training when the valley ends.
            Defaults to True.
        bn_update_iters (int): Training batches that re-estimate the
            BatchNorm statistics of the average. Defaults to 500.
    """

    priority = 'LOW'

    def __init__(self,
                 loss_key: str = 'cross_entropy/loss',
                 n_converge: int = 3,
                 n_tolerance: int = 6,
                 tolerance_ratio: float = 0.3,
                 stop_when_dead: bool = True,
                 bn_update_iters: int = 500) -> None:
        if n_converge < 1 or n_tolerance < 1:
            raise ValueError('SWADHook: n_converge and n_tolerance must be '
                             f'>= 1, got {n_converge} and {n_tolerance}')
        self.loss_key = loss_key
        self.valley = LossValley(n_converge, n_tolerance, tolerance_ratio)
        self.stop_when_dead = stop_when_dead
        self.bn_update_iters = bn_update_iters
        self.segment: Optional[StochasticWeightAverage] = None
        self.segment_start = -1
        # the segment's iterations, kept here so that no iteration reads
        # the average's step counter back from the device
        self.segment_iters = 0
        self._pending: Optional[dict] = None

    @staticmethod
    def _model(runner) -> nn.Module:
        model = runner.model
        return model.module if is_model_wrapper(model) else model

    def before_train(self, runner) -> None:
        loop = runner.train_loop
        interval = getattr(loop, 'val_interval', None)
        max_iters = getattr(loop, 'max_iters', None)
        if runner.val_loop is None or not interval or max_iters is None:
            raise ValueError(
                'SWADHook needs an iteration-based training loop that '
                'validates (train_cfg.max_iters, train_cfg.val_interval, '
                'val_dataloader, val_evaluator with the loss '
                f'{self.loss_key!r})')
        validations = max_iters // interval
        if validations < self.valley.n_converge:
            raise ValueError(
                f'SWADHook: {validations} validations (train_cfg.max_iters '
                f'{max_iters} // val_interval {interval}) are too few for '
                f'n_converge={self.valley.n_converge}; SWAD needs at least '
                'that many to find its range of checkpoints')
        model = self._model(runner)
        if self._pending is not None:
            self._restore(model, self._pending)
            self._pending = None
        elif self.segment is None:
            self.segment = _average(model)

    def after_train_iter(self,
                         runner,
                         batch_idx,
                         data_batch=None,
                         outputs=None) -> None:
        if self.segment_iters == 0:
            self.segment_start = runner.iter + 1
        self.segment.update_parameters(self._model(runner))
        self.segment_iters += 1

    def after_val_epoch(self, runner, metrics=None) -> None:
        if self.segment is None or self.segment_iters == 0:
            return  # a validation outside training, or before any step
        if self.loss_key not in (metrics or {}):
            raise KeyError(
                f'SWADHook: the validation metrics {sorted(metrics or {})} '
                f'have no {self.loss_key!r} (loss_key); add e.g. '
                'dict(type=\'mmda.CrossEntropyMetric\') to val_evaluator')
        frozen = copy.deepcopy(self.segment).to('cpu')
        self.valley.update(
            Segment(frozen, self.segment_start, runner.iter,
                    float(metrics[self.loss_key])))
        runner.message_hub.update_scalar('train/swad_converged',
                                         float(self.valley.converged))
        self.segment = _average(self._model(runner))
        self.segment_iters = 0
        if self.valley.dead and self.stop_when_dead:
            print_log(
                f'SWAD: the loss valley ended at iteration {runner.iter}; '
                'stopping training',
                logger='current')
            runner.train_loop.stop_training = True

    def after_train(self, runner) -> None:
        final = self.valley.finish()
        model = self._model(runner)
        averaged = dict(final.module.named_parameters())
        with torch.no_grad():
            for name, param in model.named_parameters():
                param.copy_(averaged[name].to(param.device))
        if any(
                isinstance(m, nn.modules.batchnorm._BatchNorm)
                for m in model.modules()) and self.bn_update_iters > 0:
            _update_bn(model, runner.train_dataloader, self.bn_update_iters)
        print_log(
            f'SWAD: averaged iterations {self.valley.start}-'
            f'{self.valley.end} ({int(final.steps)} segments)',
            logger='current')
        runner.message_hub.update_info('swad_range',
                                       (self.valley.start, self.valley.end))
        self.segment = None  # nothing left to save
        runner.save_checkpoint(
            runner.work_dir,
            'swad.pth',
            save_optimizer=False,
            save_param_scheduler=False)

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        if self.segment is None:
            return
        checkpoint['swad'] = dict(
            segment=self.segment.state_dict(),
            segment_start=self.segment_start,
            valley=self.valley.state_dict())

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        if 'swad' in checkpoint:
            # the model is not built into the loop yet: restore in
            # before_train
            self._pending = checkpoint['swad']

    def _restore(self, model: nn.Module, state: dict) -> None:
        self.segment = _average(model)
        self.segment.load_state_dict(state['segment'])
        self.segment_iters = int(self.segment.steps)
        self.segment_start = state['segment_start']
        self.valley.load_state_dict(state['valley'], model)


def _update_bn(model: nn.Module, dataloader, iters: int) -> None:
    """Re-estimate BatchNorm statistics as ``torch.optim.swa_utils.
    update_bn`` does (cumulative averages), over mmengine batches."""
    norms = [
        m for m in model.modules()
        if isinstance(m, nn.modules.batchnorm._BatchNorm)
    ]
    momenta: Dict[nn.Module, Optional[float]] = {}
    for m in norms:
        m.reset_running_stats()
        momenta[m] = m.momentum
        m.momentum = None
    was_training = model.training
    model.train()
    with torch.no_grad():
        for i, batch in enumerate(dataloader):
            if i >= iters:
                break
            data = model.data_preprocessor(batch, True)
            model(data['inputs'], data['data_samples'], mode='tensor')
    for m in norms:
        m.momentum = momenta[m]
    model.train(was_training)
