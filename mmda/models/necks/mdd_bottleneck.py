# Copyright (c) mmda contributors. All rights reserved.
from typing import Optional, Tuple

from mmengine.model import BaseModule
from torch import Tensor, nn

from mmda.registry import MODELS


@MODELS.register_module()
class MDDBottleneck(BaseModule):
    """Bottleneck ``Linear + BatchNorm1d + ReLU + Dropout``.

    MDD's (Zhang et al., ICML 2019) bottleneck in its released code and
    tllib's ``mdd.ImageClassifier``; mmpretrain's ``LinearNeck`` has no
    dropout. The dropout sits in the neck, so the main head and the
    adversarial head of MDD see the same dropped-out features. The linear
    layer is drawn when the neck is built: weight ``N(0, std)``, bias
    ``bias`` (MDD's code: 0.005 and 0.1).

    Args:
        in_channels (int): Input width (a ``(N, C, ...)`` input is
            flattened).
        out_channels (int): Bottleneck width.
        dropout (float): Dropout probability (none if 0). Defaults to 0.5.
        std (float): Weight standard deviation. Defaults to 0.005.
        bias (float): Initial bias. Defaults to 0.1.
        init_cfg (dict, optional): If given, mmengine's initialisers run
            over the drawn weights at ``init_weights``.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 dropout: float = 0.5,
                 std: float = 0.005,
                 bias: float = 0.1,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        linear = nn.Linear(in_channels, out_channels)
        nn.init.normal_(linear.weight, 0.0, std)
        nn.init.constant_(linear.bias, bias)
        layers = [linear, nn.BatchNorm1d(out_channels), nn.ReLU(inplace=True)]
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
        self.layers = nn.Sequential(*layers)

    def forward(self, inputs: Tuple[Tensor, ...]) -> Tuple[Tensor]:
        """Map the last of ``inputs`` to ``(N, out_channels)``."""
        return (self.layers(inputs[-1].flatten(1)), )
