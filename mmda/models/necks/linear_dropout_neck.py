# Copyright (c) mmda contributors. All rights reserved.
from typing import Tuple, Union

from mmpretrain.models.necks import LinearNeck
from torch import Tensor, nn

from mmda.registry import MODELS


@MODELS.register_module()
class LinearDropoutNeck(LinearNeck):
    """mmpretrain's ``LinearNeck`` (Linear, optional norm, optional
    activation) followed by dropout.

    tllib's DAN and JAN digits scripts end their bottleneck in
    ``Dropout(0.5)`` (``tllib/alignment/dan.py``: Linear + ReLU + Dropout;
    ``tllib/alignment/jan.py``: Linear + BN + ReLU + Dropout), which
    ``LinearNeck`` cannot express. The adaptation losses see the features
    after the dropout, as in tllib, where they are the bottleneck's output.

    Args:
        dropout (float): Dropout probability, in ``[0, 1)``. Defaults to 0.5.
        **kwargs: The arguments of ``LinearNeck``.
    """

    def __init__(self, dropout: float = 0.5, **kwargs) -> None:
        super().__init__(**kwargs)
        if not 0 <= dropout < 1:
            raise ValueError(
                f'LinearDropoutNeck: dropout must be in [0, 1), got {dropout}')
        self.dropout = nn.Dropout(dropout)

    def forward(self, inputs: Union[Tuple, Tensor]) -> Tuple[Tensor]:
        return (self.dropout(super().forward(inputs)[0]), )
