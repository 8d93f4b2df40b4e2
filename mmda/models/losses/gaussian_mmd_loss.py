# Copyright (c) mmda contributors. All rights reserved.
from typing import Dict, Sequence

import torch
from torch import Tensor, nn

from mmda.registry import MODELS
from .domain_groups import DomainGroups, check_groups, mean_over_pairs

#: DomainBed's kernel scales (``AbstractMMD.gaussian_kernel``).
DOMAINBED_GAMMAS = (0.001, 0.01, 0.1, 1, 10, 100, 1000)


def gaussian_kernel_sum(x: Tensor, y: Tensor,
                        gammas: Sequence[float]) -> Tensor:
    """``K[i, j] = sum_g exp(-g ||x_i - y_j||^2)``.

    Squared distances are clamped at ``1e-30`` from below (they can come out
    slightly negative from the expansion ``|x|^2 + |y|^2 - 2 x.y``).

    Args:
        x (Tensor): ``(n, C)``.
        y (Tensor): ``(m, C)``.
        gammas (Sequence[float]): The scales ``g``.

    Returns:
        Tensor: ``(n, m)``.
    """
    sq = torch.addmm(
        y.pow(2).sum(-1, keepdim=True).t(), x, y.t(),
        alpha=-2).add(x.pow(2).sum(-1, keepdim=True)).clamp_min(1e-30)
    return sum(torch.exp(-g * sq) for g in gammas)


def gaussian_mmd(x: Tensor,
                 y: Tensor,
                 gammas: Sequence[float] = DOMAINBED_GAMMAS) -> Tensor:
    """The (biased) squared MMD of two feature sets under a sum of Gaussian
    kernels (Gretton et al., JMLR 2012; Li et al., CVPR 2018, MMD-AAE, as
    DomainBed's ``MMD``):

    .. math::
        \\mathrm{MMD}^2(x, y) = \\overline{K(x, x)} + \\overline{K(y, y)}
                               - 2\\, \\overline{K(x, y)},

    where :math:`\\overline{K}` is the mean of all entries, diagonal
    included, and ``K`` is :func:`gaussian_kernel_sum`.

    Args:
        x (Tensor): ``(n, C)``.
        y (Tensor): ``(m, C)``.
        gammas (Sequence[float]): The kernels' scales.

    Returns:
        Tensor: A scalar.
    """
    return (gaussian_kernel_sum(x, x, gammas).mean() +
            gaussian_kernel_sum(y, y, gammas).mean() -
            2 * gaussian_kernel_sum(x, y, gammas).mean())


@MODELS.register_module()
class GaussianMMDLoss(nn.Module):
    """MMD over the domains of a multi-source batch, for DG.

    ``weight * mean_{i < j} gaussian_mmd(f_i, f_j)`` over each pair of
    domains' features (DomainBed's ``MMD``). Not DAN's multi-kernel MMD,
    whose bandwidths follow the data.

    Args:
        weight (float): The penalty's weight (DomainBed's ``mmd_gamma``).
            Defaults to 1.0.
        gammas (Sequence[float]): The kernels' scales. Defaults to
            DomainBed's ``0.001 ... 1000``.
    """

    def __init__(self,
                 weight: float = 1.0,
                 gammas: Sequence[float] = DOMAINBED_GAMMAS) -> None:
        super().__init__()
        if not gammas:
            raise ValueError('GaussianMMDLoss: gammas is empty')
        self.weight = weight
        self.gammas = tuple(float(g) for g in gammas)

    def forward(self, groups: DomainGroups) -> Dict[str, Tensor]:
        check_groups(groups, type(self).__name__)
        return dict(loss_mmd=self.weight * mean_over_pairs(
            groups.features, lambda a, b: gaussian_mmd(a, b, self.gammas)))
