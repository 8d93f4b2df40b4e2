# Copyright (c) mmda contributors. All rights reserved.
from typing import Optional, Sequence, Tuple

from mmpretrain.models.heads import ClsHead
from torch import Tensor, nn

from mmda.registry import MODELS


@MODELS.register_module()
class MLPClsHead(ClsHead):
    """Classification head with hidden layers: ``(Linear, ReLU, Dropout)``
    per hidden width, then ``Linear`` to the classes.

    Unlike mmpretrain's ``StackedLinearClsHead``, ``pre_logits`` is the
    head's input (the bottleneck features), so the adaptation losses of
    ``UDAImageClassifier`` see the features the whole classifier starts
    from. MDD (Zhang et al., ICML 2019) uses two such heads, the main one
    and its adversarial one (``MarginDisparityDiscrepancyLoss``), each
    ``Linear(1024, 1024) + ReLU + Dropout(0.5) + Linear(1024, K)`` in the
    released code and tllib.

    The linear layers are drawn when the head is built, weights
    ``N(0, std)`` and biases 0 (MDD's released code and tllib: std 0.01),
    so a head held by a loss (outside the modules mmengine's
    ``init_weights`` visits) is drawn the same way as the main one.

    Args:
        num_classes (int): Number of classes K.
        in_channels (int): Input width.
        hidden_channels (Sequence[int]): Widths of the hidden layers.
            Defaults to ``(1024, )``.
        dropout (float): Dropout after each hidden ReLU (none if 0).
            Defaults to 0.5.
        std (float): Standard deviation of the linear weights. Defaults to
            0.01.
        init_cfg (dict, optional): If given, mmengine's initialisers run
            over the drawn weights at ``init_weights``.
        **kwargs: Other arguments of ``ClsHead`` (``loss``, ``topk``).
    """

    def __init__(self,
                 num_classes: int,
                 in_channels: int,
                 hidden_channels: Sequence[int] = (1024, ),
                 dropout: float = 0.5,
                 std: float = 0.01,
                 init_cfg: Optional[dict] = None,
                 **kwargs) -> None:
        super().__init__(init_cfg=init_cfg, **kwargs)
        if num_classes <= 0:
            raise ValueError(
                f'MLPClsHead: num_classes must be > 0, got {num_classes}')
        self.num_classes = num_classes
        self.in_channels = in_channels
        layers = []
        width = in_channels
        for hidden in hidden_channels:
            layers += [nn.Linear(width, hidden), nn.ReLU(inplace=True)]
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
            width = hidden
        layers.append(nn.Linear(width, num_classes))
        self.layers = nn.Sequential(*layers)
        for layer in self.layers:
            if isinstance(layer, nn.Linear):
                nn.init.normal_(layer.weight, 0.0, std)
                nn.init.zeros_(layer.bias)

    def forward(self, feats: Tuple[Tensor]) -> Tensor:
        """Logits ``(N, K)`` from the last of ``feats``, ``(N, C)``."""
        return self.layers(self.pre_logits(feats))
