# Copyright (c) mmda contributors. All rights reserved.
from typing import Dict

import torch
import torch.nn.functional as F
from torch import Tensor

from mmda.registry import MODELS
from .annealed_penalty import AnnealedPenalty
from .domain_groups import DomainGroups, check_groups


def risk_variance(risks: Tensor) -> Tensor:
    """V-REx's penalty (Krueger et al., ICML 2021, "Out-of-Distribution
    Generalization via Risk Extrapolation", Eq. 6): the variance of the
    per-domain risks,

    .. math::
        \\mathrm{Var}(R_1, \\dots, R_D)
        = \\frac{1}{D} \\sum_d (R_d - \\bar{R})^2.

    Args:
        risks (Tensor): ``(D,)`` per-domain risks.

    Returns:
        Tensor: A scalar.
    """
    return (risks - risks.mean()).pow(2).mean()


@MODELS.register_module()
class VRExPenalty(AnnealedPenalty):
    """V-REx over the domains of a multi-source batch, for DG.

    ``current_weight * risk_variance(R)`` with ``R_d`` each domain's mean
    cross-entropy (DomainBed's ``VREx``: ``vrex_lambda`` 10 after
    ``vrex_penalty_anneal_iters`` 500, 1 before, with ``PenaltyAnnealHook``).
    The risks' mean is the model's classification loss (for equal domain
    groups), so this term is the penalty alone.

    Args:
        weight (float): The weight once annealed. Defaults to 10.
        warmup_weight (float): The weight before. Defaults to 1.0.
    """

    def __init__(self, weight: float = 10.0, warmup_weight: float = 1.0):
        super().__init__(weight, warmup_weight)

    def forward(self, groups: DomainGroups) -> Dict[str, Tensor]:
        check_groups(groups, type(self).__name__)
        risks = torch.stack([
            F.cross_entropy(z, y) for z, y in zip(groups.logits, groups.labels)
        ])
        penalty = risk_variance(risks)
        return dict(loss_vrex=self.current_weight * penalty, vrex=penalty)
