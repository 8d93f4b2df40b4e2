# Copyright (c) mmda contributors. All rights reserved.
"""SelfNorm.

Tang et al., "CrossNorm and SelfNorm for Generalization under Distribution
Shifts", ICCV 2021, Sec. 3.2. SelfNorm recalibrates each channel's
statistics with attention computed from the statistics themselves:

    g = sigmoid(BN(FC_g([mu, sigma]))),  f = sigmoid(BN(FC_f([mu, sigma]))),
    SN(x) = g * (x - mu) + f * mu = x * g + mu * (f - g),          (Eq. 3)

so the output has mean ``f * mu`` and std ``g * sigma``. Without f the
mean is scaled like the std: ``SN(x) = x * g``. FC is a per-channel
``2 -> 1`` map. Unlike CrossNorm, SelfNorm acts at test time too.
"""
from typing import Optional

import torch
from torch import Tensor, nn

from mmda.registry import MODELS
from .channel_stats import channel_mean_std, check_feature_map


def self_norm(x: Tensor,
              mean: Tensor,
              g: Tensor,
              f: Optional[Tensor] = None) -> Tensor:
    """Eq. (3): rescale the std of ``x`` by ``g`` and its mean by ``f``.

    Args:
        x (Tensor): Feature maps ``(N, C, H, W)``.
        mean (Tensor): Their channel means mu, ``(N, C, 1, 1)``.
        g (Tensor): Std gate, ``(N, C, 1, 1)``, in (0, 1).
        f (Tensor, optional): Mean gate, ``(N, C, 1, 1)``. If None, the
            output is ``x * g``.

    Returns:
        Tensor: ``x * g + mu * (f - g)``, or ``x * g``.
    """
    if f is None:
        return x * g
    return x * g + mean * (f - g)


class _StatisticsGate(nn.Module):
    """``sigmoid(BN(FC([mu, sigma])))`` with a per-channel ``2 -> 1`` FC.

    The FC is a grouped Conv1d of kernel 2 over the stacked ``(mu, sigma)``
    of each channel; it has no bias since BN follows.
    """

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.fc = nn.Conv1d(
            channels, channels, kernel_size=2, groups=channels, bias=False)
        self.bn = nn.BatchNorm1d(channels)

    def forward(self, stats: Tensor) -> Tensor:
        # stats: (N, C, 2) -> gate (N, C, 1, 1)
        return torch.sigmoid(self.bn(self.fc(stats))).unsqueeze(-1)


@MODELS.register_module()
class SelfNorm(nn.Module):
    """SelfNorm layer (Sec. 3.2, Eq. 3).

    Args:
        channels (int): Number of channels C of the input.
        use_f (bool): Whether to gate the mean with its own ``f``
            (the paper's "two attention functions"); if False the output is
            ``x * g``. Defaults to False.
        eps (float): Added to the variance. Defaults to 1e-12 (paper).
        unbiased (bool): Variance divided by ``H * W - 1`` as the official
            code (see :func:`channel_mean_std`). Defaults to False.
    """

    def __init__(self,
                 channels: int,
                 use_f: bool = False,
                 eps: float = 1e-12,
                 unbiased: bool = False) -> None:
        super().__init__()
        self.channels = channels
        self.use_f = use_f
        self.eps = eps
        self.unbiased = unbiased
        self.g = _StatisticsGate(channels)
        self.f = _StatisticsGate(channels) if use_f else None

    def forward(self, x: Tensor) -> Tensor:
        check_feature_map(x, 'SelfNorm')
        if x.shape[1] != self.channels:
            raise ValueError(f'SelfNorm was built for {self.channels} '
                             f'channels, got an input of shape '
                             f'{tuple(x.shape)}')
        mean, std = channel_mean_std(x, self.eps, self.unbiased)
        stats = torch.cat([mean, std], dim=2).flatten(2)
        f = None if self.f is None else self.f(stats)
        return self_norm(x, mean, self.g(stats), f)

    def extra_repr(self) -> str:
        return (f'channels={self.channels}, use_f={self.use_f}, '
                f'eps={self.eps}, unbiased={self.unbiased}')
