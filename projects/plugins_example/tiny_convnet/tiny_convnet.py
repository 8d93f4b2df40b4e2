# Copyright (c) mmda contributors. All rights reserved.
"""A backbone that knows nothing about mmda, registered in mmpretrain's
scope as any third-party OpenMMLab project would."""
from typing import Sequence, Tuple

from mmengine.model import BaseModule
from mmpretrain.registry import MODELS
from torch import Tensor, nn


@MODELS.register_module()
class TinyConvNet(BaseModule):
    """Stages of conv-BN-ReLU-pool, returning the last stage's maps.

    Args:
        in_channels (int): Input channels. Defaults to 1.
        widths (Sequence[int]): Channels of each stage.
            Defaults to ``(16, 32)``.
    """

    def __init__(self,
                 in_channels: int = 1,
                 widths: Sequence[int] = (16, 32),
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        for i, width in enumerate(widths, 1):
            self.add_module(
                f'stage{i}',
                nn.Sequential(
                    nn.Conv2d(in_channels, width, 3, padding=1),
                    nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2)))
            in_channels = width
        self.num_stages = len(widths)

    def forward(self, x: Tensor) -> Tuple[Tensor]:
        for i in range(1, self.num_stages + 1):
            x = getattr(self, f'stage{i}')(x)
        return (x, )
