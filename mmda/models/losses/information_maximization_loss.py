# Copyright (c) mmda contributors. All rights reserved.
"""SHOT's information maximisation (IM) loss.

Liang et al., "Do We Really Need to Access the Source Data? Source
Hypothesis Transfer for Unsupervised Domain Adaptation", ICML 2020,
Eq. (2)-(3): predictions should be individually certain (low entropy) and
globally diverse (high entropy of the batch-mean prediction):
``L_IM = L_ent - L_div``.
"""
from torch import Tensor

from .entropy_loss import entropy


def information_maximization_loss(probs: Tensor, eps: float = 1e-5) -> Tensor:
    """Mean entropy minus the entropy of the mean prediction.

    Eq. (2): ``L_ent = mean_x ( -sum_k p_k log p_k )``;
    Eq. (3): ``L_div = -sum_k pbar_k log pbar_k``, ``pbar = mean_x p``;
    returns ``L_ent - L_div``.

    Args:
        probs (Tensor): Softmax outputs of a target batch, ``(N, K)``.
        eps (float): Added inside the logs (as SHOT's code, 1e-5).

    Returns:
        Tensor: The scalar loss, in ``[-log K, log K]``.
    """
    return entropy(probs, eps).mean() - entropy(probs.mean(dim=0), eps)
