# Copyright (c) mmda contributors. All rights reserved.
from typing import Optional

import torch
from mmpretrain.models import LinearClsHead
from torch import nn
from torch.nn.utils.parametrizations import weight_norm

from mmda.registry import MODELS


@MODELS.register_module()
class WeightNormClsHead(LinearClsHead):
    """Linear classification head with a weight-normalised ``fc``.

    SHOT (Liang et al., ICML 2020, Sec. 3.2) writes each class weight as
    ``w_k = g_k * v_k / ||v_k||`` (Salimans & Kingma, NIPS 2016), so the
    frozen source hypothesis scores a feature by its direction and a learned
    per-class scale; this is what makes the cosine clustering of the target
    stage line up with the classifier.

    ``fc`` is parametrised with ``torch.nn.utils.parametrizations
    .weight_norm`` (dim 0, one norm per class), so the state dict stores
    ``fc.parametrizations.weight.original0`` (g) and ``original1`` (v).

    Args:
        num_classes (int): Number of classes.
        in_channels (int): Input width (SHOT: 256, the bottleneck).
        init_cfg (dict, optional): Unused by default: ``init_weights`` draws
            ``v`` Xavier-normal, sets ``g = ||v||`` and a zero bias, as SHOT.
        **kwargs: Other arguments of ``LinearClsHead`` (``loss``, ``topk``).
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int,
                 init_cfg: Optional[dict] = None,
                 **kwargs) -> None:
        super().__init__(
            num_classes=num_classes,
            in_channels=in_channels,
            init_cfg=init_cfg,
            **kwargs)
        self.fc = weight_norm(self.fc, name='weight', dim=0)

    def init_weights(self) -> None:
        if self.init_cfg is not None:
            super().init_weights()
            return
        with torch.no_grad():
            direction = torch.empty(self.num_classes, self.in_channels)
            nn.init.xavier_normal_(direction)
            # Assigning the weight runs weight_norm's right inverse, which
            # sets g = ||v|| row-wise and v = direction.
            self.fc.weight = direction
            self.fc.bias.zero_()
        self._is_init = True
