# Copyright (c) mmda contributors. All rights reserved.
from typing import Optional, Tuple, Union

import torch
from mmengine.model import BaseModule
from torch import Tensor, nn

from mmda.models.layers.l2_preserved_dropout import L2PreservedDropout
from mmda.registry import MODELS


@MODELS.register_module()
class AFNBottleneck(BaseModule):
    """AFN's feature layer ``F_f``: Linear, BatchNorm1d, ReLU, L2-preserved
    dropout.

    Xu et al., ICCV 2019, Sec. 4 ("Implementation details"): on ResNet
    features, ``F_f = Linear(2048, 1000) + BN + ReLU + Dropout(0.5)`` and the
    classifier ``F_y = Linear(1000, num_classes)`` (the head). The output f
    is what the AFN losses (HAFN, SAFN) push to larger norms, so it is the
    head's ``pre_logits`` input.

    Args:
        in_channels (int): Input width (2048 for ResNet-50/101).
        out_channels (int): Width of f. Defaults to 1000 (paper).
        dropout (float): L2-preserved dropout probability. Defaults to 0.5.
        gap (bool): Global-average-pool a ``(N, C, H, W)`` input first
            (ResNet maps); otherwise it is flattened (LeNet maps).
            Defaults to True.
        init_cfg (dict, optional): mmengine initialisation config. By
            default (None) ``init_weights`` draws as AFN's released
            ``weights_init`` (``vanilla/*/code/utils/__init__.py``): Linear
            weight and bias ~ N(0, 0.01), BatchNorm weight ~ N(1, 0.01)
            and bias 0. mmengine's ``Normal`` initialiser cannot draw the
            bias, hence the method.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int = 1000,
                 dropout: float = 0.5,
                 gap: bool = True,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.gap = gap
        self.layers = nn.Sequential(
            nn.Linear(in_channels, out_channels),
            nn.BatchNorm1d(out_channels),
            nn.ReLU(inplace=True),
            L2PreservedDropout(dropout),
        )

    def init_weights(self) -> None:
        if self.init_cfg is not None:
            super().init_weights()
            return
        linear, norm = self.layers[0], self.layers[1]
        with torch.no_grad():
            linear.weight.normal_(0.0, 0.01)
            linear.bias.normal_(0.0, 0.01)
            norm.weight.normal_(1.0, 0.01)
            norm.bias.zero_()
        self._is_init = True

    def forward(self, inputs: Union[Tensor, Tuple[Tensor,
                                                  ...]]) -> Tuple[Tensor]:
        x = inputs[-1] if isinstance(inputs, (tuple, list)) else inputs
        if self.gap and x.dim() > 2:
            x = x.mean(dim=tuple(range(2, x.dim())))
        return (self.layers(x.flatten(1)), )
