# Copyright (c) mmda contributors. All rights reserved.
from typing import Optional, Sequence, Tuple

from mmengine.model import BaseModule
from torch import Tensor, nn

from mmda.registry import MODELS


@MODELS.register_module()
class DTN(BaseModule):
    """The DTN-style CNN that SHOT (Liang et al., ICML 2020, Sec. 4.1) uses
    for SVHN -> MNIST, after Taigman et al.'s domain transfer network.

    Three ``conv5x5 stride 2 -> BN -> Dropout2d -> ReLU`` stages with 64, 128
    and 256 channels halve a 32x32 RGB input to a ``(N, 256, 4, 4)`` map; a
    neck flattens it (4,096 values) into the bottleneck features.

    Args:
        in_channels (int): Input channels. Defaults to 3.
        channels (Sequence[int]): Widths of the stages.
            Defaults to ``(64, 128, 256)``.
        dropout (Sequence[float]): ``Dropout2d`` probability of each stage.
            Defaults to ``(0.1, 0.3, 0.5)``.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 in_channels: int = 3,
                 channels: Sequence[int] = (64, 128, 256),
                 dropout: Sequence[float] = (0.1, 0.3, 0.5),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if len(channels) != len(dropout):
            raise ValueError(f'DTN: {len(channels)} channel widths but '
                             f'{len(dropout)} dropout rates')
        layers = []
        width = in_channels
        for out, p in zip(channels, dropout):
            layers += [
                nn.Conv2d(width, out, kernel_size=5, stride=2, padding=2),
                nn.BatchNorm2d(out),
                nn.Dropout2d(p),
                nn.ReLU(inplace=True),
            ]
            width = out
        self.features = nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tuple[Tensor]:
        return (self.features(x), )
