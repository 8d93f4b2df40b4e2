# Copyright (c) mmda contributors. All rights reserved.
from typing import Optional, Sequence, Tuple

from mmengine.model import BaseModule
from torch import Tensor, nn

from mmda.registry import MODELS


@MODELS.register_module()
class LeNet(BaseModule):
    """LeNet-style feature extractor used by digit adaptation papers.

    Two ``conv5x5 -> max-pool 2 -> ReLU`` stages, as in the MNIST networks
    of DANN (Ganin et al., 2016) and SHOT (Liang et al., 2020), with channel
    dropout before the second pooling as in SHOT. A 28x28 input gives a
    ``(N, channels[1], 4, 4)`` map; a neck such as mmpretrain's
    ``LinearNeck`` flattens it into the bottleneck features.

    Args:
        in_channels (int): Input channels (1 for grey digits). Defaults to 1.
        channels (Sequence[int]): Output channels of the two convolutions.
            Defaults to ``(20, 50)`` (SHOT); DANN uses ``(32, 48)``.
        dropout (float): ``Dropout2d`` probability after the second
            convolution. Defaults to 0.5.
        fc_channels (int, optional): If given, the map is flattened and
            followed by ``Linear(channels[1] * 16, fc_channels) -> ReLU ->
            Dropout(fc_dropout)``, as the digits LeNet of tllib
            (``tllib/vision/models/digits.py``, 500 units), whose DANN
            recipe puts its bottleneck after it. Needs 28x28 input.
            Defaults to None (the convolutional map is the output).
        fc_dropout (float): Dropout after the fully connected layer.
            Defaults to 0.5.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 in_channels: int = 1,
                 channels: Sequence[int] = (20, 50),
                 dropout: float = 0.5,
                 fc_channels: Optional[int] = None,
                 fc_dropout: float = 0.5,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        c1, c2 = channels
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, c1, kernel_size=5),
            nn.MaxPool2d(2),
            nn.ReLU(inplace=True),
            nn.Conv2d(c1, c2, kernel_size=5),
            nn.Dropout2d(dropout),
            nn.MaxPool2d(2),
            nn.ReLU(inplace=True),
        )
        if fc_channels is not None:
            # 28x28 -> two (conv5, pool2) stages -> 4x4
            self.features.extend([
                nn.Flatten(1),
                nn.Linear(c2 * 4 * 4, fc_channels),
                nn.ReLU(inplace=True),
                nn.Dropout(fc_dropout),
            ])

    def forward(self, x: Tensor) -> Tuple[Tensor]:
        return (self.features(x), )
