# Copyright (c) mmda contributors. All rights reserved.
"""CNSN: CrossNorm followed by SelfNorm.

Tang et al., ICCV 2021, Sec. 3.3: the two are complementary (CrossNorm
enlarges the style distribution during training, SelfNorm reduces the
style mismatch at training and test time) and are placed one after the
other, CrossNorm first.
"""
from typing import Optional

from torch import Tensor, nn

from mmda.registry import MODELS
from .cross_norm import CrossNorm
from .self_norm import SelfNorm


@MODELS.register_module()
class CNSN(nn.Module):
    """``SelfNorm(CrossNorm(x))``.

    Args:
        channels (int): Number of channels of the input.
        crossnorm (dict, optional): Arguments of :class:`CrossNorm`; None
            leaves it out (SelfNorm only). Defaults to ``dict()``.
        selfnorm (dict, optional): Arguments of :class:`SelfNorm` other than
            ``channels``; None leaves it out (CrossNorm only).
            Defaults to ``dict()``.
    """

    def __init__(
        self,
        channels: int,
        crossnorm: Optional[dict] = dict(),
        selfnorm: Optional[dict] = dict()
    ) -> None:
        super().__init__()
        if crossnorm is None and selfnorm is None:
            raise ValueError('CNSN needs crossnorm, selfnorm or both; '
                             'both are None')
        self.channels = channels
        self.cn = None if crossnorm is None else CrossNorm(**crossnorm)
        self.sn = None if selfnorm is None else SelfNorm(channels, **selfnorm)

    def forward(self, x: Tensor) -> Tensor:
        if self.cn is not None:
            x = self.cn(x)
        if self.sn is not None:
            x = self.sn(x)
        return x

    def extra_repr(self) -> str:
        return f'channels={self.channels}'
