# Copyright (c) mmda contributors. All rights reserved.
"""MixStyle.

Zhou et al., "Domain Generalization with MixStyle", ICLR 2021, Sec. 3.
MixStyle mixes the channel statistics ("style") of each training sample's
feature map with those of another sample of the batch,

    gamma_mix = lam * sigma(x) + (1 - lam) * sigma(x~),
    beta_mix  = lam * mu(x)    + (1 - lam) * mu(x~),
    MixStyle(x) = gamma_mix * (x - mu(x)) / sigma(x) + beta_mix,    (Eq. 4-6)

with ``lam ~ Beta(alpha, alpha)`` per sample and ``x~`` the sample at a
random permutation of the batch. The statistics are not differentiated
through (the official code detaches them).
"""
import random

import torch
from torch import Tensor, nn

from mmda.registry import MODELS
from .channel_stats import channel_mean_std, check_feature_map

MIX_MODES = ('random', 'crossdomain')


def mix_style(x: Tensor,
              lam: Tensor,
              perm: Tensor,
              eps: float = 1e-6) -> Tensor:
    """Eq. (4)-(6): give each map the mixture of its statistics and those of
    ``x[perm]``.

    Args:
        x (Tensor): Feature maps ``(N, C, H, W)``.
        lam (Tensor): ``(N, 1, 1, 1)`` mixing weights.
        perm (Tensor): ``(N,)`` each sample's partner.
        eps (float): Added to the variances. Defaults to 1e-6 (official).

    Returns:
        Tensor: The re-styled maps, shaped like ``x``.
    """
    # The official code takes Tensor.var's unbiased variance.
    mean, std = channel_mean_std(x, eps, unbiased=True)
    mean, std = mean.detach(), std.detach()
    mixed_mean = lam * mean + (1 - lam) * mean[perm]
    mixed_std = lam * std + (1 - lam) * std[perm]
    return (x - mean) / std * mixed_std + mixed_mean


def crossdomain_permutation(n: int) -> Tensor:
    """MixStyle's ``'crossdomain'`` partners for a batch made of two halves
    of different domains: each half's samples, shuffled, are paired with
    the other half's (the official ``mix='crossdomain'``).

    Args:
        n (int): The (even) batch size.

    Returns:
        Tensor: ``(n,)`` partner indices.
    """
    if n % 2:
        raise ValueError('MixStyle: mix=\'crossdomain\' pairs the two halves '
                         f'of the batch, and needs an even batch, got {n}')
    second_half, first_half = torch.arange(n - 1, -1, -1).chunk(2)
    return torch.cat((second_half[torch.randperm(n // 2)],
                      first_half[torch.randperm(n // 2)]))


@MODELS.register_module()
class MixStyle(nn.Module):
    """Module form of :func:`mix_style`; it has no parameters.

    In training, with probability ``p`` per forward, the batch is re-styled;
    it is the identity otherwise and in eval mode. The draws follow the
    official code's (KaiyangZhou/mixstyle-release, Dassl's ``MixStyle``):
    Python's ``random`` for the gate, then ``Beta(alpha, alpha)`` and
    ``torch.randperm`` from torch's generator, so with the same seeds the
    two give the same maps.

    Args:
        p (float): The probability of acting in a training forward.
            Defaults to 0.5.
        alpha (float): The Beta distribution's parameter. Defaults to 0.1.
        eps (float): Added to the variances. Defaults to 1e-6.
        mix (str): ``'random'`` (partners from a shuffle of the batch) or
            ``'crossdomain'`` (:func:`crossdomain_permutation`).
            Defaults to ``'random'``.
    """

    def __init__(self,
                 p: float = 0.5,
                 alpha: float = 0.1,
                 eps: float = 1e-6,
                 mix: str = 'random') -> None:
        super().__init__()
        if not 0 <= p <= 1:
            raise ValueError(f'MixStyle: p must be in [0, 1], got {p!r}')
        if not alpha > 0:
            raise ValueError(f'MixStyle: alpha must be > 0, got {alpha!r}')
        if mix not in MIX_MODES:
            raise ValueError(f'MixStyle: mix must be one of {MIX_MODES}, '
                             f'got {mix!r}')
        self.p = p
        self.alpha = alpha
        self.eps = eps
        self.mix = mix

    def forward(self, x: Tensor) -> Tensor:
        check_feature_map(x, 'MixStyle')
        if not self.training or random.random() > self.p:
            return x
        n = x.size(0)
        lam = torch.distributions.Beta(self.alpha, self.alpha).sample(
            (n, 1, 1, 1))
        perm = (
            torch.randperm(n)
            if self.mix == 'random' else crossdomain_permutation(n))
        return mix_style(x, lam.to(x), perm.to(x.device), self.eps)

    def extra_repr(self) -> str:
        return (f'p={self.p}, alpha={self.alpha}, eps={self.eps}, '
                f'mix={self.mix!r}')
