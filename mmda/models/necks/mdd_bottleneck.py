# Copyright (c) mmda contributors. All rights reserved.
from typing import Optional

from torch import nn

from mmda.registry import MODELS
from .linear_dropout_neck import LinearDropoutNeck


@MODELS.register_module()
class MDDBottleneck(LinearDropoutNeck):
    """Bottleneck ``Linear + BatchNorm1d + ReLU + Dropout`` whose linear
    layer is drawn when it is built.

    MDD's (Zhang et al., ICML 2019) bottleneck in its released code and
    tllib's ``mdd.ImageClassifier``: :class:`LinearDropoutNeck` with
    batch norm and ReLU, and the linear weight drawn from ``N(0, std)``
    and its bias set to ``bias`` (MDD's code: 0.005 and 0.1) right after
    the layer is made, in the order MDD's code draws them. The dropout sits
    in the neck, so the main head and the adversarial head of MDD see the
    same dropped-out features.

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
        super().__init__(
            dropout=dropout,
            in_channels=in_channels,
            out_channels=out_channels,
            norm_cfg=dict(type='BN1d'),
            act_cfg=dict(type='ReLU', inplace=True),
            init_cfg=init_cfg)
        nn.init.normal_(self.fc.weight, 0.0, std)
        nn.init.constant_(self.fc.bias, bias)
