# Copyright (c) mmda contributors. All rights reserved.
"""Gradient reversal layer (GRL).

Ganin & Lempitsky, "Unsupervised Domain Adaptation by Backpropagation",
ICML 2015, Sec. 3.3: the GRL is the identity in the forward pass and
multiplies the gradient by ``-lambda`` in the backward pass.
"""
from typing import Any, Tuple

import torch
from torch import Tensor, nn

from mmda.registry import MODELS


class _GradientReverse(torch.autograd.Function):

    @staticmethod
    def forward(ctx: Any, x: Tensor, coeff: float) -> Tensor:
        ctx.coeff = coeff
        # view_as keeps autograd from treating the output as the input
        return x.view_as(x)

    @staticmethod
    def backward(ctx: Any, grad_output: Tensor) -> Tuple[Tensor, None]:
        # Eq. (GRL backward): dL/dx = -lambda * dL/dy. The sign is applied
        # here and nowhere else (not in the domain loss).
        return grad_output.neg() * ctx.coeff, None


def gradient_reverse(x: Tensor, coeff: float = 1.0) -> Tensor:
    """Identity forward; multiply the gradient by ``-coeff`` backward.

    Args:
        x (Tensor): Input of any shape.
        coeff (float): The paper's lambda. Defaults to 1.0.

    Returns:
        Tensor: ``x`` unchanged.
    """
    return _GradientReverse.apply(x, coeff)


@MODELS.register_module()
class GradientReverseLayer(nn.Module):
    """Module form of :func:`gradient_reverse`. It has no parameters.

    ``coeff`` is a plain attribute so that a hook (``GRLLambdaHook``) can set
    it from the training progress each iteration.

    Args:
        coeff (float): The paper's lambda. Defaults to 1.0.
    """

    def __init__(self, coeff: float = 1.0) -> None:
        super().__init__()
        self.coeff = float(coeff)

    def forward(self, x: Tensor) -> Tensor:
        return gradient_reverse(x, self.coeff)

    def extra_repr(self) -> str:
        return f'coeff={self.coeff:.4g}'
