# Copyright (c) mmda contributors. All rights reserved.
import math
from typing import List, Optional, Sequence, Tuple, Union

import torch
from torch import Tensor, nn

from mmda.registry import MODELS
from ..losses.entropy_loss import softmax_entropy
from .norm_layers import BATCH_NORM_TYPES
from .test_time_adapters import TentAdapter


def sam_perturbation(grads: Sequence[Optional[Tensor]],
                     rho: float) -> List[Optional[Tensor]]:
    """The ascent step of sharpness-aware minimisation (Foret et al.,
    "Sharpness-Aware Minimization for Efficiently Improving
    Generalization", ICLR 2021, Eq. 2):

    .. math::
        \\hat\\epsilon(w) = \\rho \\, g / (\\| g \\|_2 + 10^{-12}),

    with ``g`` all the gradients taken as one vector.

    Args:
        grads (Sequence[Tensor | None]): Each parameter's gradient (None
            where it has none).
        rho (float): The neighbourhood's radius.

    Returns:
        list[Tensor | None]: Each parameter's perturbation.
    """
    norm = torch.norm(
        torch.stack([g.norm(p=2) for g in grads if g is not None]), p=2)
    scale = rho / (norm + 1e-12)
    return [None if g is None else g * scale for g in grads]


def reliable(entropies: Tensor, margin: float) -> Tensor:
    """The indices of the samples whose prediction entropy is below
    ``margin`` (SAR's reliable samples, Niu et al., ICLR 2023, Eq. 2)."""
    return torch.where(entropies < margin)


def ema_update(ema: Optional[float],
               value: float,
               alpha: float = 0.9) -> float:
    """``alpha * ema + (1 - alpha) * value``, or ``value`` at the start."""
    return value if ema is None else alpha * ema + (1 - alpha) * value


@MODELS.register_module()
class SARAdapter(TentAdapter):
    """SAR (Niu et al., "Towards Stable Test-Time Adaptation in Dynamic
    Wild World", ICLR 2023): TENT's entropy minimisation made stable by

    - **reliable samples**: only samples with entropy
      :math:`E(x) < E_0 = m \\ln K` enter the loss (Eq. 2, ``m`` 0.4);
    - **sharpness-aware updates**: the loss is taken again at
      :math:`w + \\hat\\epsilon(w)` (:func:`sam_perturbation`,
      :math:`\\rho` 0.05) on the samples still reliable there, and its
      gradient updates :math:`w` (Eq. 4-5);
    - **model recovery**: when the moving average (0.9) of that second loss
      falls below :math:`e_m` (0.2), the model returns to the source
      weights (Sec. 4.3).

    The scales and shifts of the normalisation layers adapt, except in
    modules whose name holds one of ``exclude`` (SAR leaves a ResNet's
    ``layer4`` alone). The prediction returned is the first forward's,
    before the update, as SAR's code.

    Args:
        classifier (dict | nn.Module): As :class:`BNAdapter`.
        optimizer (dict): The base optimizer of the update, without
            ``params``. Defaults to SGD, lr 1e-3, momentum 0.9 (the test-time
            adaptation library's CIFAR-10-C setting for SAR).
        rho (float): SAM's radius. Defaults to 0.05.
        margin (float): ``m`` in :math:`E_0 = m \\ln K`. Defaults to 0.4.
        reset_constant (float): :math:`e_m`. Defaults to 0.2.
        exclude (Sequence[str]): Module-name parts whose layers do not
            adapt. Defaults to ``('layer4', )``.
        reset_optimizer (bool): Whether a reset (per domain, episodic, or
            model recovery) also restores the optimizer's state. Defaults
            to True. SAR's code (and the test-time adaptation library's)
            restores only SAM's own state, whose state dict does not hold
            its base SGD's momentum: the momentum carries over every reset.
            ``False`` reproduces that.
        steps (int): Updates per batch. Defaults to 1.
        norm_types (Sequence[str]): As :class:`BNAdapter`. Defaults to
            torch's batch-norm classes; add ``'GroupNorm'`` /
            ``'LayerNorm'`` for such models, as SAR does.
        init_cfg (dict, optional): Initialisation config.
    """

    method = 'SAR'

    def __init__(self,
                 classifier: Union[dict, nn.Module],
                 optimizer: Optional[dict] = None,
                 rho: float = 0.05,
                 margin: float = 0.4,
                 reset_constant: float = 0.2,
                 exclude: Sequence[str] = ('layer4', ),
                 reset_optimizer: bool = True,
                 steps: int = 1,
                 norm_types: Sequence[str] = BATCH_NORM_TYPES,
                 init_cfg: Optional[dict] = None) -> None:
        if rho < 0:
            raise ValueError(f'SARAdapter: model.rho must be >= 0, got {rho}')
        self.exclude = tuple(exclude)
        self.reset_optimizer = reset_optimizer
        super().__init__(
            classifier,
            optimizer=optimizer or dict(type='SGD', lr=1e-3, momentum=0.9),
            steps=steps,
            norm_types=norm_types,
            init_cfg=init_cfg)
        self.rho = rho
        self.margin = margin
        self.reset_constant = reset_constant
        self.ema: Optional[float] = None

    def _adapted_parameters(self) -> List[Tuple[str, nn.Parameter]]:
        return [(name, p) for name, p in super()._adapted_parameters()
                if not any(part in name for part in self.exclude)]

    def reset(self) -> None:
        super().reset()
        self.ema = None

    def _load_state(self, state: dict) -> None:
        if self.reset_optimizer:
            super()._load_state(state)
        else:
            self.classifier.load_state_dict(state['model'], strict=True)

    def adapt(self, inputs: Tensor) -> Tensor:
        params = [p for _, p in self.params]
        with torch.enable_grad():
            for _ in range(self.steps):
                self.optimizer.zero_grad()
                logits = self.classifier(inputs, mode='tensor')
                e0 = self.margin * math.log(logits.shape[1])
                entropies = softmax_entropy(logits)
                keep = reliable(entropies, e0)
                entropies[keep].mean(0).backward()
                # ascend to w + e(w), keeping w
                eps = sam_perturbation([p.grad for p in params], self.rho)
                kept = []
                with torch.no_grad():
                    for p, e in zip(params, eps):
                        kept.append(None if e is None else p.data.clone())
                        if e is not None:
                            p.add_(e)
                self.optimizer.zero_grad()
                second = softmax_entropy(
                    self.classifier(inputs, mode='tensor'))[keep]
                loss = second[reliable(second, e0)].mean(0)
                if not math.isnan(loss.item()):
                    self.ema = ema_update(self.ema, loss.item())
                loss.backward()
                # back to w; the base optimizer steps with the gradient
                # taken at w + e(w)
                for p, old in zip(params, kept):
                    if p.grad is not None and old is not None:
                        p.data = old
                self.optimizer.step()
                self.optimizer.zero_grad()
                if self.ema is not None and self.ema < self.reset_constant:
                    self.reset()
        return logits.detach()
