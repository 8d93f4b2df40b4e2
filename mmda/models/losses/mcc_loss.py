# Copyright (c) mmda contributors. All rights reserved.
"""Minimum Class Confusion (MCC).

Jin et al., "Minimum Class Confusion for Versatile Domain Adaptation",
ECCV 2020, Sec. 3: on the target predictions of a batch, the classes'
pairwise confusion (how much probability mass the same samples give to two
classes), weighted towards confident samples and normalised per class, is
minimised off the diagonal.
"""
from typing import Dict

import torch
from torch import Tensor, nn

from mmda.registry import MODELS
from .entropy_loss import entropy


def mcc_loss(logits: Tensor, temperature: float) -> Tensor:
    """MCC's class-confusion loss on one batch of target logits.

    With ``N`` samples, ``K`` classes and temperature ``T``:

    - probability rescaling: ``Y_ij = exp(Z_ij / T) / sum_j' exp(Z_ij' / T)``;
    - uncertainty reweighting: ``H_i = -sum_j Y_ij log Y_ij`` and
      ``W_ii = N (1 + exp(-H_i)) / sum_i' (1 + exp(-H_i'))``, a diagonal
      ``(N, N)`` matrix with ``trace(W) = N``, which carries no gradient
      (the weights only rank samples by confidence);
    - class confusion: ``C = Y^T W Y``, ``(K, K)``;
    - category normalisation: ``C~_jj' = C_jj' / sum_j'' C_jj''``;
    - ``L_MCC = 1/K sum_j sum_{j' != j} |C~_jj'|``.

    Every entry of ``C~`` is non-negative and each of its rows sums to one,
    so the loss equals ``(K - trace(C~)) / K``, in ``[0, (K - 1) / K]``.
    ``C`` is symmetric, so normalising its columns instead of its rows
    gives the same loss.
    The entropy adds ``1e-5`` inside its log (:func:`entropy`), so
    a one-hot row is finite.

    Args:
        logits (Tensor): Unnormalised target predictions ``Z``, ``(N, K)``.
        temperature (float): ``T > 0``. tllib's ``mcc.py`` default (its
            digits lines keep it): 2.5.

    Returns:
        Tensor: The scalar loss.
    """
    if logits.dim() != 2:
        raise ValueError('mcc_loss: logits must be (N, K), got shape '
                         f'{tuple(logits.shape)}')
    n, k = logits.shape
    probs = (logits / temperature).softmax(dim=1)
    certainty = 1 + torch.exp(-entropy(probs.detach()))
    weights = n * certainty / certainty.sum()
    confusion = (probs * weights[:, None]).t() @ probs
    confusion = confusion / confusion.sum(dim=1, keepdim=True)
    return (confusion.sum() - confusion.trace()) / k


@MODELS.register_module()
class MCCLoss(nn.Module):
    """MCC as a ``da_losses`` entry of ``UDAImageClassifier``.

    ``input_kind = 'logits'``: the model passes the head's source and
    target logits; only the target ones are used:
    ``loss_mcc = w * mcc_loss(logits_t, T)``.

    Args:
        temperature (float): T. tllib's ``mcc.py`` default: 2.5.
        loss_weight (float): w (tllib's ``--trade-off``). tllib's
            ``mcc.py`` default: 1.0.
    """

    input_kind = 'logits'

    def __init__(self,
                 temperature: float = 2.5,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        if temperature <= 0:
            raise ValueError(
                f'MCCLoss: temperature must be > 0, got {temperature}')
        self.temperature = temperature
        self.loss_weight = loss_weight

    def forward(self, logits_s: Tensor, logits_t: Tensor) -> Dict[str, Tensor]:
        return dict(loss_mcc=self.loss_weight *
                    mcc_loss(logits_t, self.temperature))

    def extra_repr(self) -> str:
        return (f'temperature={self.temperature}, '
                f'loss_weight={self.loss_weight}')
