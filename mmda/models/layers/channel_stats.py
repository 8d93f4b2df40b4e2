# Copyright (c) mmda contributors. All rights reserved.
"""Per-sample, per-channel statistics of feature maps.

CrossNorm and SelfNorm (Tang et al., ICCV 2021, Sec. 3) both describe the
"style" of a feature map by the mean and standard deviation of every channel
over its spatial positions.
"""
from typing import Tuple

import torch
from torch import Tensor


def check_feature_map(x: Tensor, owner: str) -> None:
    """Raise a ValueError unless ``x`` is an ``(N, C, H, W)`` tensor.

    Args:
        x (Tensor): The input to check.
        owner (str): Who is asking; named in the message.
    """
    if not hasattr(x, 'dim') or x.dim() != 4:
        shape = tuple(x.shape) if hasattr(x, 'shape') else type(x).__name__
        raise ValueError(f'{owner} expects feature maps of shape '
                         f'(N, C, H, W), got {shape}')


def channel_mean_std(x: Tensor,
                     eps: float = 1e-5,
                     unbiased: bool = False) -> Tuple[Tensor, Tensor]:
    """Mean and standard deviation of each channel of each sample.

    ``mu = mean_hw(x)``, ``sigma = sqrt(var_hw(x) + eps)``. The variance is
    the population one (divided by ``H * W``), so that a 1x1 map has
    ``sigma = sqrt(eps)`` rather than NaN, and a map renormalised to
    ``(mu_B, sigma_B)`` has exactly these statistics up to ``eps``. (The
    official CNSN code divides by ``H * W - 1``.)

    Args:
        x (Tensor): Feature maps ``(N, C, H, W)``.
        eps (float): Added to the variance. Defaults to 1e-5.
        unbiased (bool): Divide by ``H * W - 1`` as the official CNSN code
            (``calc_ins_mean_std``: ``Tensor.var``'s default); a 1x1 map
            then keeps the population variance instead of NaN.
            Defaults to False.

    Returns:
        tuple[Tensor, Tensor]: ``mu`` and ``sigma``, each ``(N, C, 1, 1)``.
    """
    correction = 1 if unbiased and x.shape[2] * x.shape[3] > 1 else 0
    var, mean = torch.var_mean(
        x, dim=(2, 3), keepdim=True, correction=correction)
    return mean, (var + eps).sqrt()
