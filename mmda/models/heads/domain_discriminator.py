# Copyright (c) mmda contributors. All rights reserved.
from typing import Optional, Sequence

from mmengine.model import BaseModule
from torch import Tensor, nn

from mmda.registry import MODELS


@MODELS.register_module()
class DomainDiscriminator(BaseModule):
    """MLP that predicts whether a feature comes from the source domain.

    DANN (Ganin et al., JMLR 2016) uses ``in -> 1024 -> 1024 -> 1`` with ReLU
    and dropout 0.5 on ResNet features. The output is one logit per sample:
    positive means source.

    Args:
        in_channels (int): Feature dimension.
        hidden_channels (Sequence[int]): Widths of the hidden layers.
            Defaults to ``(1024, 1024)``.
        dropout (float): Dropout after each hidden ReLU (none if 0).
            Defaults to 0.5.
        norm (bool): ``BatchNorm1d`` between each hidden Linear and its
            ReLU, with no dropout, as tllib's ``DomainDiscriminator``
            (``batch_norm=True``, its default, used by its DANN recipes).
            Defaults to False.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 in_channels: int,
                 hidden_channels: Sequence[int] = (1024, 1024),
                 dropout: float = 0.5,
                 norm: bool = False,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        layers = []
        width = in_channels
        for hidden in hidden_channels:
            layers.append(nn.Linear(width, hidden))
            if norm:
                layers.append(nn.BatchNorm1d(hidden))
            layers.append(nn.ReLU(inplace=True))
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
            width = hidden
        layers.append(nn.Linear(width, 1))
        self.layers = nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        """Return logits of shape ``(N,)`` for features of shape ``(N, C)``."""
        return self.layers(x).squeeze(1)
