# Copyright (c) mmda contributors. All rights reserved.
"""CrossNorm.

Tang et al., "CrossNorm and SelfNorm for Generalization under Distribution
Shifts", ICCV 2021, Sec. 3.1. CrossNorm gives a feature map A the channel
statistics of another map B,

    CN(A; B) = sigma_B * (A - mu_A) / sigma_A + mu_B,            (Eq. 1)

which enlarges the training distribution with new "styles". It acts only
during training, and only when switched on (``CrossNormActivationHook``
switches randomly chosen layers on for one iteration at a time).
"""
import math
from typing import Optional, Tuple

import torch
from torch import Tensor, nn

from mmda.registry import MODELS
from .channel_stats import channel_mean_std, check_feature_map

CN_MODES = ('1-instance', '2-instance')
CN_CROPS = ('neither', 'style', 'content', 'both')
# A box is a tuple (top, bottom, left, right) of slice bounds.
Box = Tuple[int, int, int, int]

# A map too small to hold a box of the requested area would make the
# rejection loop of `random_box` spin; past this many draws the whole map is
# used.
_MAX_BOX_DRAWS = 100


def _check_settings(owner: str, mode: str, crop: str) -> None:
    if mode not in CN_MODES:
        raise ValueError(f'{owner}: mode must be one of {CN_MODES}, got '
                         f'{mode!r}')
    if crop not in CN_CROPS:
        raise ValueError(f'{owner}: crop must be one of {CN_CROPS}, got '
                         f'{crop!r}')


def transfer_statistics(content: Tensor,
                        style_mean: Tensor,
                        style_std: Tensor,
                        eps: float = 1e-5,
                        unbiased: bool = False) -> Tensor:
    """Eq. (1): renormalise ``content`` to the given channel statistics.

    Args:
        content (Tensor): Feature maps A, ``(N, C, H, W)``.
        style_mean (Tensor): mu_B, broadcastable to ``(N, C, 1, 1)``.
        style_std (Tensor): sigma_B, broadcastable to ``(N, C, 1, 1)``.
        eps (float): Added to A's variance. Defaults to 1e-5.
        unbiased (bool): See :func:`channel_mean_std`. Defaults to False.

    Returns:
        Tensor: ``sigma_B * (A - mu_A) / sigma_A + mu_B``.
    """
    mean, std = channel_mean_std(content, eps, unbiased)
    return (content - mean) / std * style_std + style_mean


def random_box(height: int,
               width: int,
               threshold: float = 0.1,
               beta: float = 1.0) -> Box:
    """Draw a random box covering at least ``threshold`` of a map (Sec. 3.1,
    "cropping").

    The box's share of the area is drawn from Beta(beta, beta) and its
    centre uniformly; it is clipped to the map, and drawn again while it
    covers less than ``threshold`` of the map.

    Args:
        height (int): Map height H.
        width (int): Map width W.
        threshold (float): The least share of the area, t. Defaults to 0.1.
        beta (float): Parameter of the Beta distribution. Defaults to 1.0.

    Returns:
        tuple[int, int, int, int]: ``(top, bottom, left, right)``, to be
        used as ``x[..., top:bottom, left:right]``.
    """
    share = torch.distributions.Beta(beta, beta)
    for _ in range(_MAX_BOX_DRAWS):
        side = math.sqrt(float(share.sample()))
        box_h, box_w = int(height * side), int(width * side)
        cy = int(torch.randint(height, ()))
        cx = int(torch.randint(width, ()))
        top, bottom = max(cy - box_h // 2, 0), min(cy + box_h // 2, height)
        left, right = max(cx - box_w // 2, 0), min(cx + box_w // 2, width)
        area = (bottom - top) * (right - left)
        if area > 0 and area >= threshold * height * width:
            return top, bottom, left, right
    return 0, height, 0, width


def cross_norm(x: Tensor,
               mode: str = '2-instance',
               crop: str = 'both',
               threshold: float = 0.1,
               beta: float = 1.0,
               eps: float = 1e-5,
               style_index: Optional[Tensor] = None,
               unbiased: bool = False) -> Tensor:
    """CrossNorm of a batch of feature maps (Sec. 3.1).

    Args:
        x (Tensor): Feature maps ``(N, C, H, W)``.
        mode (str): Where each map takes its style from. ``'2-instance'``:
            the same channel of another sample (a random permutation of the
            batch); ``'1-instance'``: another channel of the same sample (a
            random permutation of the channels). Defaults to ``'2-instance'``.
        crop (str): ``'neither'``; ``'style'``: the statistics are taken from
            a random box of the style map; ``'content'``: they are applied to
            a random box of the map only, the rest is kept; ``'both'``.
            Defaults to ``'both'``, the paper's choice.
        threshold (float): The least area share t of a box. Defaults to 0.1.
        beta (float): Beta(beta, beta) draws the box's area share.
            Defaults to 1.0.
        eps (float): Added to variances. Defaults to 1e-5.
        style_index (Tensor, optional): The permutation (of the batch for
            ``'2-instance'``, of the channels for ``'1-instance'``). Drawn at
            random if not given.
        unbiased (bool): Variances divided by ``h * w - 1``, as the
            official code (see :func:`channel_mean_std`). Defaults to False.

    Returns:
        Tensor: The maps with swapped statistics, shaped like ``x``.
    """
    check_feature_map(x, 'cross_norm')
    _check_settings('cross_norm', mode, crop)
    n, c, h, w = x.shape
    if mode == '2-instance':
        if style_index is None:
            style_index = torch.randperm(n, device=x.device)
        style = x[style_index]
    else:
        if style_index is None:
            style_index = torch.randperm(c, device=x.device)
        style = x[:, style_index]
    if crop in ('style', 'both'):
        top, bottom, left, right = random_box(h, w, threshold, beta)
        style = style[:, :, top:bottom, left:right]
    style_mean, style_std = channel_mean_std(style, eps, unbiased)
    if crop not in ('content', 'both'):
        return transfer_statistics(x, style_mean, style_std, eps, unbiased)
    top, bottom, left, right = random_box(h, w, threshold, beta)
    region = transfer_statistics(x[:, :, top:bottom, left:right], style_mean,
                                 style_std, eps, unbiased)
    out = x.clone()
    out[:, :, top:bottom, left:right] = region
    return out


@MODELS.register_module()
class CrossNorm(nn.Module):
    """Module form of :func:`cross_norm`; it has no parameters.

    It is the identity in eval mode and while ``active`` is False.
    ``CrossNormActivationHook`` sets ``active`` every iteration; without the
    hook the layer keeps the ``active`` it was built with.

    Args:
        mode (str): ``'1-instance'`` or ``'2-instance'``.
            Defaults to ``'2-instance'``.
        crop (str): ``'neither'``, ``'style'``, ``'content'`` or ``'both'``.
            Defaults to ``'both'``.
        threshold (float): The least area share of a crop box.
            Defaults to 0.1.
        beta (float): Beta(beta, beta) draws the box's area share.
            Defaults to 1.0.
        eps (float): Added to variances. Defaults to 1e-5.
        active (bool): Whether the layer acts in training before any hook
            sets it. Defaults to True.
        unbiased (bool): Variances divided by ``H * W - 1`` as the official
            code (see :func:`channel_mean_std`). Defaults to False.
    """

    def __init__(self,
                 mode: str = '2-instance',
                 crop: str = 'both',
                 threshold: float = 0.1,
                 beta: float = 1.0,
                 eps: float = 1e-5,
                 active: bool = True,
                 unbiased: bool = False) -> None:
        super().__init__()
        _check_settings('CrossNorm', mode, crop)
        if not 0 <= threshold <= 1:
            raise ValueError('CrossNorm: threshold must be in [0, 1], got '
                             f'{threshold}')
        self.mode = mode
        self.crop = crop
        self.threshold = threshold
        self.beta = beta
        self.eps = eps
        self.active = active
        self.unbiased = unbiased

    def forward(self, x: Tensor) -> Tensor:
        # The shape is checked even when idle, so that a misplaced layer
        # fails on the first forward rather than when first activated.
        check_feature_map(x, 'CrossNorm')
        if not (self.training and self.active):
            return x
        return cross_norm(
            x,
            self.mode,
            self.crop,
            self.threshold,
            self.beta,
            self.eps,
            unbiased=self.unbiased)

    def extra_repr(self) -> str:
        return (f'mode={self.mode!r}, crop={self.crop!r}, '
                f'threshold={self.threshold}, beta={self.beta}, '
                f'eps={self.eps}, active={self.active}, '
                f'unbiased={self.unbiased}')
