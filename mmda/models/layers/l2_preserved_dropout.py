# Copyright (c) mmda contributors. All rights reserved.
"""L2-preserved dropout of AFN.

Xu et al., "Larger Norm More Transferable: An Adaptive Feature Norm
Approach for Unsupervised Domain Adaptation", ICCV 2019, Sec. 3.4: standard
(inverted) dropout scales kept units by ``1 / (1 - p)``, which preserves the
L1 norm in expectation but inflates the L2 norm. AFN's losses act on the L2
norm, so the kept units are scaled by ``1 / sqrt(1 - p)`` instead, giving
``E[||x_hat||_2^2] = ||x||_2^2``.
"""
import math

import torch.nn.functional as F
from torch import Tensor, nn

from mmda.registry import MODELS


def l2_preserved_dropout(x: Tensor,
                         p: float = 0.5,
                         training: bool = True) -> Tensor:
    """Drop each unit with probability ``p``; scale kept ones by
    ``1 / sqrt(1 - p)``.

    AFN Sec. 3.4: ``x_hat = x * m / sqrt(1 - p)``, ``m ~ Bernoulli(1 - p)``.
    Written as inverted dropout (kept units times ``1 / (1 - p)``) followed
    by a factor ``sqrt(1 - p)``, since ``sqrt(1-p) / (1-p) = 1 / sqrt(1-p)``.

    Args:
        x (Tensor): Input of any shape.
        p (float): Drop probability in ``[0, 1)``. Defaults to 0.5.
        training (bool): Identity when False. Defaults to True.

    Returns:
        Tensor: Same shape as ``x``.
    """
    if not 0.0 <= p < 1.0:
        raise ValueError(f'dropout probability must be in [0, 1), got {p}')
    if not training or p == 0.0:
        return x
    return F.dropout(x, p, training=True) * math.sqrt(1.0 - p)


@MODELS.register_module()
class L2PreservedDropout(nn.Module):
    """Module form of :func:`l2_preserved_dropout`; identity in eval mode.

    Args:
        p (float): Drop probability in ``[0, 1)``. Defaults to 0.5.
    """

    def __init__(self, p: float = 0.5) -> None:
        super().__init__()
        if not 0.0 <= p < 1.0:
            raise ValueError(
                f'L2PreservedDropout: p must be in [0, 1), got {p}')
        self.p = p

    def forward(self, x: Tensor) -> Tensor:
        return l2_preserved_dropout(x, self.p, self.training)

    def extra_repr(self) -> str:
        return f'p={self.p}'
