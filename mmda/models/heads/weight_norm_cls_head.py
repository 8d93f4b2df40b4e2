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
        direction_init (str): How ``init_weights`` draws the direction
            ``v`` (then ``g = ||v||`` row-wise and the bias is zero):

            - ``'pytorch'`` (default): ``nn.Linear``'s own init, which is
              what SHOT's released code ends up with. Its
              ``feat_classifier`` wraps the layer in ``weight_norm`` first
              and then calls ``xavier_normal_`` on ``fc.weight``, a tensor
              that the weight-norm hook recomputes from ``g`` and ``v`` at
              every forward, so the Xavier draw is lost; only the bias
              zeroing takes effect. The initial ``g`` is then about 0.58
              per class for 256 inputs.
            - ``'xavier_normal'``: the Xavier-normal direction that code
              appears to intend (initial ``g`` about 1.4 for 256 inputs:
              logits 2.4x larger at the start).
        init_cfg (dict, optional): If given, mmengine's initialisers run
            instead and ``direction_init`` is not used.
        **kwargs: Other arguments of ``LinearClsHead`` (``loss``, ``topk``).
    """
    DIRECTION_INITS = ('pytorch', 'xavier_normal')

    def __init__(self,
                 num_classes: int,
                 in_channels: int,
                 direction_init: str = 'pytorch',
                 init_cfg: Optional[dict] = None,
                 **kwargs) -> None:
        if direction_init not in self.DIRECTION_INITS:
            raise ValueError(
                f'WeightNormClsHead: direction_init={direction_init!r} is '
                f'not one of {self.DIRECTION_INITS}')
        super().__init__(
            num_classes=num_classes,
            in_channels=in_channels,
            init_cfg=init_cfg,
            **kwargs)
        self.direction_init = direction_init
        self.fc = weight_norm(self.fc, name='weight', dim=0)

    def init_weights(self) -> None:
        if self.init_cfg is not None:
            super().init_weights()
            return
        with torch.no_grad():
            if self.direction_init == 'pytorch':
                # A fresh layer's draw: nn.Linear.reset_parameters.
                direction = nn.Linear(self.in_channels,
                                      self.num_classes).weight.detach()
            else:
                direction = torch.empty(self.num_classes, self.in_channels)
                nn.init.xavier_normal_(direction)
            # Assigning the weight runs weight_norm's right inverse, which
            # sets g = ||v|| row-wise and v = direction.
            self.fc.weight = direction
            self.fc.bias.zero_()
        self._is_init = True
