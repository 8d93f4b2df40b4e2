# Copyright (c) mmda contributors. All rights reserved.
"""Hard Adaptive Feature Norm (HAFN).

Xu et al., "Larger Norm More Transferable: An Adaptive Feature Norm
Approach for Unsupervised Domain Adaptation", ICCV 2019, Eq. (2)-(3): the
mean feature norm of each domain is pulled to one shared, fixed radius R,
which matches the domains' norm expectations and enlarges both.
"""
from typing import Dict

from torch import Tensor, nn

from mmda.registry import MODELS


def hafn_loss(feats_s: Tensor, feats_t: Tensor, radius: float) -> Tensor:
    """HAFN's norm-matching term (without its weight lambda).

    Eq. (3): ``(mean_s ||f(x_s)||_2 - R)^2 + (mean_t ||f(x_t)||_2 - R)^2``.

    Args:
        feats_s (Tensor): Source features f, ``(n_s, C)``.
        feats_t (Tensor): Target features f, ``(n_t, C)``.
        radius (float): The fixed norm R both domains are pulled to.

    Returns:
        Tensor: The scalar loss.
    """
    norm_s = feats_s.norm(p=2, dim=1).mean()
    norm_t = feats_t.norm(p=2, dim=1).mean()
    return (norm_s - radius)**2 + (norm_t - radius)**2


@MODELS.register_module()
class HAFNLoss(nn.Module):
    """HAFN loss as a ``da_losses`` entry of ``UDAImageClassifier``.

    It receives the AFN features f (the head's input, i.e. the output of
    ``AFNBottleneck``) and returns ``loss_hafn = lambda * hafn_loss``.
    A large R can blow up the gradients; the UDA loop stops on a non-finite
    loss and names the iteration.

    Args:
        radius (float): R. Paper: 25 (Office-31, Office-Home, ImageCLEF-DA).
        loss_weight (float): lambda. Paper: 0.05 (0.01 on VisDA-2017).
    """

    def __init__(self, radius: float, loss_weight: float) -> None:
        super().__init__()
        if radius <= 0:
            raise ValueError(f'HAFNLoss: radius must be > 0, got {radius}')
        self.radius = radius
        self.loss_weight = loss_weight

    def forward(self, feats_s: Tensor, feats_t: Tensor) -> Dict[str, Tensor]:
        """Return ``loss_hafn`` from ``(n_s, C)`` and ``(n_t, C)``
        features."""
        return dict(loss_hafn=self.loss_weight *
                    hafn_loss(feats_s, feats_t, self.radius))

    def extra_repr(self) -> str:
        return f'radius={self.radius}, loss_weight={self.loss_weight}'
