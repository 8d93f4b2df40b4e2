# Copyright (c) mmda contributors. All rights reserved.
"""Entropy minimisation on target predictions.

Grandvalet & Bengio, "Semi-supervised Learning by Entropy Minimization",
NIPS 2004; used as the optional "+ENT" term of AFN (Xu et al., ICCV 2019,
Sec. 4) and as the L_ent part of SHOT's IM loss (Liang et al., ICML 2020,
Eq. (2)).
"""
from typing import Dict

from torch import Tensor, nn

from mmda.registry import MODELS


def entropy(probs: Tensor, eps: float = 1e-5) -> Tensor:
    """Shannon entropy of each row: ``H(p) = -sum_k p_k log(p_k + eps)``.

    Args:
        probs (Tensor): Probabilities, ``(N, K)`` (or ``(K,)``).
        eps (float): Added inside the log so that ``p_k = 0`` is finite.

    Returns:
        Tensor: ``(N,)`` (or a scalar for a ``(K,)`` input).
    """
    return -(probs * (probs + eps).log()).sum(dim=-1)


def softmax_entropy(logits: Tensor) -> Tensor:
    """Entropy of ``softmax(logits)`` per row, from the logits:
    ``H(y) = -sum_k softmax(y)_k log_softmax(y)_k``.

    TENT's objective (Wang et al., "Tent: Fully Test-Time Adaptation by
    Entropy Minimization", ICLR 2021, Sec. 3). Unlike :func:`entropy` it has
    no ``eps``: ``log_softmax`` is finite for every logit, so the gradient
    is the exact one that TENT minimises.

    Args:
        logits (Tensor): ``(N, K)`` class scores.

    Returns:
        Tensor: ``(N,)``.
    """
    return -(logits.softmax(dim=1) * logits.log_softmax(dim=1)).sum(dim=1)


@MODELS.register_module()
class EntropyLoss(nn.Module):
    """Mean entropy of the target predictions, a ``da_losses`` entry.

    ``input_kind = 'logits'`` makes ``UDAImageClassifier`` pass the source
    and target logits instead of the features; only the target ones are
    used: ``loss_ent = w * mean_t H(softmax(logits_t))``.

    Args:
        loss_weight (float): w. AFN's "+ENT" uses 0.1.
    """

    input_kind = 'logits'

    def __init__(self, loss_weight: float) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, logits_s: Tensor, logits_t: Tensor) -> Dict[str, Tensor]:
        return dict(loss_ent=self.loss_weight *
                    entropy(logits_t.softmax(dim=1)).mean())

    def extra_repr(self) -> str:
        return f'loss_weight={self.loss_weight}'
