# Copyright (c) mmda contributors. All rights reserved.
"""CDAN's multilinear conditioning of features on predictions.

Long et al., "Conditional Adversarial Domain Adaptation", NeurIPS 2018,
Sec. 3.3 (multilinear conditioning): the domain discriminator sees the
joint variable h = T(f, g) of the features f and the class probabilities g,
either the multilinear map T_x(f, g) = f (x) g (all products f_j g_c), or,
when F * C is too wide, its randomized approximation
T_o(f, g) = (R_f f) o (R_g g) / sqrt(d) with random matrices drawn once.
"""
import math
from typing import Optional

import torch
from torch import Tensor, nn

from mmda.registry import MODELS


def multilinear_map(feats: Tensor, probs: Tensor) -> Tensor:
    """The flattened outer product ``f (x) g`` of each row.

    T_x(f, g)[c * F + j] = g_c * f_j: the ``C`` class-probability blocks of
    ``F`` features each (class-major, the order of tllib's ``bmm(g, f)``, so
    a discriminator's first layer means the same on both sides).

    Args:
        feats (Tensor): Features f, ``(N, F)``.
        probs (Tensor): Class probabilities g, ``(N, C)``.

    Returns:
        Tensor: ``(N, C * F)``.
    """
    return (probs.unsqueeze(2) * feats.unsqueeze(1)).flatten(1)


def randomized_multilinear_map(feats: Tensor, probs: Tensor, rand_f: Tensor,
                               rand_g: Tensor) -> Tensor:
    """The randomized multilinear map of CDAN, Sec. 3.3.

    T_o(f, g) = (R_f f) o (R_g g) / sqrt(d), with o the element-wise product
    and d the output width; its inner product approximates that of
    ``f (x) g`` in expectation.

    Args:
        feats (Tensor): Features f, ``(N, F)``.
        probs (Tensor): Class probabilities g, ``(N, C)``.
        rand_f (Tensor): R_f, stored transposed as ``(F, d)``.
        rand_g (Tensor): R_g, stored transposed as ``(C, d)``.

    Returns:
        Tensor: ``(N, d)``.
    """
    return (feats @ rand_f) * (probs @ rand_g) / math.sqrt(rand_f.shape[1])


@MODELS.register_module()
class MultilinearMap(nn.Module):
    """Module form of :func:`multilinear_map`. It has no parameters."""

    def forward(self, feats: Tensor, probs: Tensor) -> Tensor:
        return multilinear_map(feats, probs)


@MODELS.register_module()
class RandomizedMultilinearMap(nn.Module):
    """Module form of :func:`randomized_multilinear_map`.

    R_f and R_g are drawn from N(0, 1) once, at construction (R_f first, from
    torch's global generator), and kept as buffers: fixed in training, saved
    in checkpoints, so a resumed run uses the same matrices.

    Args:
        features_dim (int): F, the width of the features.
        num_classes (int): C, the number of classes.
        output_dim (int): d, the output width. CDAN uses 1024.
    """

    def __init__(self,
                 features_dim: Optional[int] = None,
                 num_classes: Optional[int] = None,
                 output_dim: Optional[int] = 1024) -> None:
        super().__init__()
        for key, value in (('features_dim', features_dim),
                           ('num_classes', num_classes), ('output_dim',
                                                          output_dim)):
            if not isinstance(value, int) or value < 1:
                raise ValueError(
                    f'{type(self).__name__}: {key} must be a positive int '
                    f'(the randomized map draws fixed matrices of that '
                    f'size), got {value!r}')
        self.register_buffer('rand_f', torch.randn(features_dim, output_dim))
        self.register_buffer('rand_g', torch.randn(num_classes, output_dim))

    def forward(self, feats: Tensor, probs: Tensor) -> Tensor:
        return randomized_multilinear_map(feats, probs, self.rand_f,
                                          self.rand_g)

    def extra_repr(self) -> str:
        f, d = self.rand_f.shape
        return (f'features_dim={f}, num_classes={self.rand_g.shape[0]}, '
                f'output_dim={d}')
