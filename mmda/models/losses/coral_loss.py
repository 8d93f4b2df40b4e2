# Copyright (c) mmda contributors. All rights reserved.
from typing import Dict

from torch import Tensor, nn

from mmda.registry import MODELS
from .domain_groups import DomainGroups, check_groups, mean_over_pairs


def coral_distance(x: Tensor, y: Tensor) -> Tensor:
    """The mean and covariance discrepancy of two feature sets.

    Deep CORAL (Sun & Saenko, ECCV 2016 workshops) aligns the feature
    covariances of two domains; DomainBed's CORAL (Gulrajani & Lopez-Paz,
    ICLR 2021) also aligns their means, each as a mean squared difference:

    .. math::
        d(x, y) = \\frac{1}{C} \\| \\mu_x - \\mu_y \\|^2
                + \\frac{1}{C^2} \\| \\Sigma_x - \\Sigma_y \\|_F^2,

    with the unbiased covariances
    :math:`\\Sigma_x = (x - \\mu_x)^T (x - \\mu_x) / (n_x - 1)`.

    Args:
        x (Tensor): ``(n_x, C)`` features, ``n_x >= 2``.
        y (Tensor): ``(n_y, C)`` features, ``n_y >= 2``.

    Returns:
        Tensor: A scalar.
    """
    mean_x, mean_y = x.mean(0, keepdim=True), y.mean(0, keepdim=True)
    cent_x, cent_y = x - mean_x, y - mean_y
    cov_x = cent_x.t() @ cent_x / (len(x) - 1)
    cov_y = cent_y.t() @ cent_y / (len(y) - 1)
    return (mean_x - mean_y).pow(2).mean() + (cov_x - cov_y).pow(2).mean()


@MODELS.register_module()
class CORALLoss(nn.Module):
    """CORAL over the domains of a multi-source batch, for DG.

    ``weight * mean_{i < j} coral_distance(f_i, f_j)`` over the features of
    each pair of domains (:func:`coral_distance`; DomainBed's ``CORAL``,
    ``mmd_gamma`` 1 by default).

    Args:
        weight (float): The penalty's weight (DomainBed's ``mmd_gamma``).
            Defaults to 1.0.
    """

    def __init__(self, weight: float = 1.0) -> None:
        super().__init__()
        self.weight = weight

    def forward(self, groups: DomainGroups) -> Dict[str, Tensor]:
        check_groups(groups, type(self).__name__)
        for d, f in zip(groups.domains, groups.features):
            if len(f) < 2:
                raise ValueError(
                    f'CORALLoss: domain {d} has {len(f)} sample in the '
                    'batch; a covariance needs at least 2')
        return dict(loss_coral=self.weight *
                    mean_over_pairs(groups.features, coral_distance))
