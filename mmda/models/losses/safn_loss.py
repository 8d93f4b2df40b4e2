# Copyright (c) mmda contributors. All rights reserved.
"""Stepwise Adaptive Feature Norm (SAFN).

Xu et al., "Larger Norm More Transferable: An Adaptive Feature Norm
Approach for Unsupervised Domain Adaptation", ICCV 2019, Eq. (6): instead
of a fixed radius, every sample's norm is pushed a step ``dr`` beyond its
current value, ``||f(x; theta_0)||_2`` being the norm under the previous
iterate's parameters, i.e. the current norm detached from the graph.
"""
from typing import Dict, Optional

import torch
from torch import Tensor, nn

from mmda.registry import MODELS


def safn_loss(feats: Tensor,
              delta_r: float,
              max_radius: Optional[float] = None) -> Tensor:
    """SAFN's stepwise norm-enlargement term (without its weight lambda).

    Eq. (6):
    ``1/n * sum_x ( ||f(x; theta)||_2 - (||f(x; theta_0)||_2 + dr) )^2``
    over the ``n`` samples given, where ``||f(x; theta_0)||`` is detached.

    Args:
        feats (Tensor): Features f of the source and target samples,
            ``(n, C)``.
        delta_r (float): The step dr. Paper: 1.0 (Office), 0.3 (VisDA).
        max_radius (float, optional): End point R: the target norm is
            capped at ``R`` so norms stop growing there. Defaults to None
            (no cap, as in the paper's reported runs).

    Returns:
        Tensor: The scalar loss.
    """
    norms = feats.norm(p=2, dim=1)
    target = norms.detach() + delta_r
    if max_radius is not None:
        target = torch.clamp(target, max=max_radius)
    return ((norms - target)**2).mean()


@MODELS.register_module()
class SAFNLoss(nn.Module):
    """SAFN loss as a ``da_losses`` entry of ``UDAImageClassifier``.

    Two reductions over the source and target features:

    - ``'domain_sum'`` (default): the mean over the source batch plus the
      mean over the target batch, as AFN's released code
      (jihanyang/AFN, ``vanilla/Office31/SAFN/code/train.py``:
      ``loss = s_cls_loss + s_fc2_L2norm_loss + t_fc2_L2norm_loss``, each
      term ``weight_L2norm * mean``). With equal batch sizes this is twice
      the pooled mean, i.e. the paper's lambda doubled in effect.
    - ``'mean'``: one mean over the ``n_s + n_t`` pooled samples, as
      Eq. (6) is written (and docs/methods.md).

    Args:
        delta_r (float): dr. Paper: 1.0 (Office-31, Office-Home), 0.3
            (VisDA-2017).
        loss_weight (float): lambda. Paper: 0.05 (0.01 on VisDA-2017).
        max_radius (float, optional): Optional end point R.
        reduction (str): ``'domain_sum'`` or ``'mean'``. Defaults to
            ``'domain_sum'``.
    """

    REDUCTIONS = ('domain_sum', 'mean')

    def __init__(self,
                 delta_r: float,
                 loss_weight: float,
                 max_radius: Optional[float] = None,
                 reduction: str = 'domain_sum') -> None:
        super().__init__()
        if delta_r <= 0:
            raise ValueError(f'SAFNLoss: delta_r must be > 0, got {delta_r}')
        if reduction not in self.REDUCTIONS:
            raise ValueError(f'SAFNLoss: reduction must be one of '
                             f'{self.REDUCTIONS}, got {reduction!r}')
        self.delta_r = delta_r
        self.loss_weight = loss_weight
        self.max_radius = max_radius
        self.reduction = reduction

    def forward(self, feats_s: Tensor, feats_t: Tensor) -> Dict[str, Tensor]:
        """Return ``loss_safn`` from ``(n_s, C)`` and ``(n_t, C)``
        features."""
        if self.reduction == 'mean':
            loss = safn_loss(
                torch.cat([feats_s, feats_t]), self.delta_r, self.max_radius)
        else:
            loss = (
                safn_loss(feats_s, self.delta_r, self.max_radius) +
                safn_loss(feats_t, self.delta_r, self.max_radius))
        return dict(loss_safn=self.loss_weight * loss)

    def extra_repr(self) -> str:
        return (f'delta_r={self.delta_r}, loss_weight={self.loss_weight}, '
                f'max_radius={self.max_radius}, '
                f'reduction={self.reduction!r}')
