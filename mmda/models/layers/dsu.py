# Copyright (c) mmda contributors. All rights reserved.
"""DSU: domain shifts with uncertainty.

Li et al., "Uncertainty Modeling for Out-of-Distribution Generalization",
ICLR 2022, Sec. 3. DSU treats each feature map's channel statistics as
uncertain: it draws new ones around them, with a spread given by how much
the statistics vary over the batch,

    Sigma_mu^2    = Var_batch(mu(x)),   Sigma_sigma^2 = Var_batch(sigma(x)),
    beta  = mu(x)    + eps_mu    Sigma_mu,     eps ~ N(0, 1),      (Eq. 5-8)
    gamma = sigma(x) + eps_sigma Sigma_sigma,
    DSU(x) = gamma * (x - mu(x)) / sigma(x) + beta.                (Eq. 9)
"""
import numpy as np
import torch
from torch import Tensor, nn

from mmda.registry import MODELS
from .channel_stats import channel_mean_std, check_feature_map


def dsu_perturb(x: Tensor,
                noise_mean: Tensor,
                noise_std: Tensor,
                eps: float = 1e-6) -> Tensor:
    """Eq. (5)-(9) for given standard normal draws.

    Args:
        x (Tensor): Feature maps ``(N, C, H, W)``, ``N >= 2``.
        noise_mean (Tensor): ``(N, C)`` draws for the means.
        noise_std (Tensor): ``(N, C)`` draws for the standard deviations.
        eps (float): Added to each variance. Defaults to 1e-6 (official).

    Returns:
        Tensor: The re-styled maps, shaped like ``x``.
    """
    n, c = x.shape[:2]
    # The official code takes Tensor.var's unbiased variance, over the
    # positions and over the batch.
    mean, std = channel_mean_std(x, eps, unbiased=True)
    mean, std = mean.view(n, c), std.view(n, c)
    spread_mean = (mean.var(0, keepdim=True) + eps).sqrt()
    spread_std = (std.var(0, keepdim=True) + eps).sqrt()
    beta = mean + noise_mean * spread_mean
    gamma = std + noise_std * spread_std
    normed = (x - mean.view(n, c, 1, 1)) / std.view(n, c, 1, 1)
    return normed * gamma.view(n, c, 1, 1) + beta.view(n, c, 1, 1)


@MODELS.register_module()
class DSU(nn.Module):
    """Module form of :func:`dsu_perturb`; it has no parameters.

    In training, with probability ``p`` per forward, the batch's statistics
    are re-drawn; it is the identity otherwise and in eval mode. The draws
    follow the official code's (lixiaotong97/DSU,
    ``DistributionUncertainty``): NumPy's ``random`` for the gate, then
    ``randn`` for the means and for the standard deviations, scaled by
    ``factor``.

    Args:
        p (float): The probability of acting in a training forward.
            Defaults to 0.5.
        eps (float): Added to the variances. Defaults to 1e-6.
        factor (float): Scale of the draws. Defaults to 1.0.
    """

    def __init__(self,
                 p: float = 0.5,
                 eps: float = 1e-6,
                 factor: float = 1.0) -> None:
        super().__init__()
        if not 0 <= p <= 1:
            raise ValueError(f'DSU: p must be in [0, 1], got {p!r}')
        self.p = p
        self.eps = eps
        self.factor = factor

    def forward(self, x: Tensor) -> Tensor:
        check_feature_map(x, 'DSU')
        if not self.training or np.random.random() > self.p:
            return x
        n, c = x.shape[:2]
        if n < 2:
            raise ValueError(
                'DSU: the spread of the statistics is their variance over '
                f'the batch, which needs at least 2 samples; got a batch of '
                f'{n} in training')
        noise_mean = torch.randn(n, c, dtype=x.dtype, device=x.device)
        noise_std = torch.randn(n, c, dtype=x.dtype, device=x.device)
        return dsu_perturb(x, noise_mean * self.factor,
                           noise_std * self.factor, self.eps)

    def extra_repr(self) -> str:
        return f'p={self.p}, eps={self.eps}, factor={self.factor}'
