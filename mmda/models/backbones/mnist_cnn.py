# Copyright (c) mmda contributors. All rights reserved.
from typing import Optional, Tuple

from mmengine.model import BaseModule
from torch import Tensor, nn

from mmda.registry import MODELS


@MODELS.register_module()
class MNISTCNN(BaseModule):
    """DomainBed's CNN for Rotated and Colored MNIST (Gulrajani &
    Lopez-Paz, ICLR 2021, Appendix D.1, ``networks.MNIST_CNN``).

    Four ``conv3x3 -> ReLU -> GroupNorm(8)`` stages (64, 128, 128, 128
    channels; the second with stride 2) turn a 28x28 input into a
    ``(N, 128, 14, 14)`` map; a ``GlobalAveragePooling`` neck makes the 128
    features DomainBed's linear classifier reads. Layers keep PyTorch's
    default initialisation, as DomainBed's.

    Args:
        in_channels (int): 1 (Rotated MNIST) or 2 (Colored MNIST).
            Defaults to 1.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 in_channels: int = 1,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        widths = (64, 128, 128, 128)
        strides = (1, 2, 1, 1)
        layers = []
        width = in_channels
        for out, stride in zip(widths, strides):
            layers += [
                nn.Conv2d(width, out, 3, stride=stride, padding=1),
                nn.ReLU(),
                nn.GroupNorm(8, out),
            ]
            width = out
        self.features = nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tuple[Tensor]:
        return (self.features(x), )
