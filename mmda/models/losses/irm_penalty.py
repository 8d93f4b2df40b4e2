# Copyright (c) mmda contributors. All rights reserved.
from typing import Dict

import torch
import torch.nn.functional as F
from torch import Tensor

from mmda.registry import MODELS
from .annealed_penalty import AnnealedPenalty
from .domain_groups import DomainGroups, check_groups


def irm_penalty(logits: Tensor, labels: Tensor) -> Tensor:
    """IRMv1's penalty of one domain (Arjovsky et al., 2019, "Invariant
    Risk Minimization", Eq. 4), unbiased as in DomainBed:

    .. math::
        P = \\nabla_{w|w=1} R^{(a)}(w \\cdot \\Phi) \\cdot
            \\nabla_{w|w=1} R^{(b)}(w \\cdot \\Phi),

    the product of the gradients of the cross-entropy with respect to a
    scalar "dummy classifier" ``w`` on the even (``a``) and odd (``b``) rows,
    so its expectation is the squared gradient norm of the paper. The
    gradients are taken with ``create_graph=True``, so the penalty trains
    the network.

    Args:
        logits (Tensor): ``(n, K)`` logits of one domain, ``n >= 2``.
        labels (Tensor): ``(n,)``.

    Returns:
        Tensor: A scalar.
    """
    scale = torch.ones((),
                       dtype=logits.dtype,
                       device=logits.device,
                       requires_grad=True)
    loss_a = F.cross_entropy(logits[::2] * scale, labels[::2])
    loss_b = F.cross_entropy(logits[1::2] * scale, labels[1::2])
    grad_a = torch.autograd.grad(loss_a, [scale], create_graph=True)[0]
    grad_b = torch.autograd.grad(loss_b, [scale], create_graph=True)[0]
    return (grad_a * grad_b).sum()


@MODELS.register_module()
class IRMPenalty(AnnealedPenalty):
    """IRMv1 over the domains of a multi-source batch, for DG.

    ``current_weight * mean_d irm_penalty(logits_d, labels_d)``
    (:func:`irm_penalty`, DomainBed's ``IRM``: ``irm_lambda`` 100 after
    ``irm_penalty_anneal_iters`` 500, 1 before, with ``PenaltyAnnealHook``).

    Args:
        weight (float): The weight once annealed. Defaults to 100.
        warmup_weight (float): The weight before. Defaults to 1.0.
    """

    def __init__(self, weight: float = 100.0, warmup_weight: float = 1.0):
        super().__init__(weight, warmup_weight)

    def forward(self, groups: DomainGroups) -> Dict[str, Tensor]:
        check_groups(groups, type(self).__name__)
        penalty = torch.stack([
            irm_penalty(z, y) for z, y in zip(groups.logits, groups.labels)
        ]).mean()
        return dict(loss_irm=self.current_weight * penalty, irm=penalty)
