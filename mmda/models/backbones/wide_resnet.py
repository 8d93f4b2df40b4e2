# Copyright (c) mmda contributors. All rights reserved.
"""Wide residual networks (WRN-d-k).

Zagoruyko and Komodakis, "Wide Residual Networks", BMVC 2016. A 3x3 stem
convolution with 16 channels, then three groups of ``n = (d - 4) / 6``
pre-activation basic blocks of widths ``16k, 32k, 64k`` (strides 1, 2, 2),
then BN-ReLU. WRN-40-2 (``d=40, k=2``) is the CIFAR network of the
robustness literature (AugMix; CrossNorm/SelfNorm, Tang et al., ICCV 2021).
mmpretrain has no CIFAR WRN: its ``WideResNet`` is the ImageNet bottleneck
variant.
"""
from typing import Optional, Sequence, Tuple

import torch.nn.functional as F
from mmcv.cnn import build_norm_layer
from mmpretrain.models.backbones.base_backbone import BaseBackbone
from torch import Tensor, nn

from mmda.registry import MODELS


class WideBasicBlock(nn.Module):
    """Pre-activation basic block ``B(3, 3)`` of the WRN paper (Sec. 2).

    ``x -> BN-ReLU -> conv3x3(stride) -> BN-ReLU -> dropout -> conv3x3``,
    plus the shortcut: ``x`` itself, or, where the width or the resolution
    changes, a 1x1 convolution of the pre-activated ``x``.

    Args:
        in_channels (int): Input channels.
        out_channels (int): Output channels.
        stride (int): Stride of the first convolution.
        drop_rate (float): Dropout between the two convolutions (the
            paper's ``WRN-d-k`` with dropout uses 0.3). 0 disables it.
        norm_cfg (dict): Normalisation layer config.
    """

    def __init__(self, in_channels: int, out_channels: int, stride: int,
                 drop_rate: float, norm_cfg: dict) -> None:
        super().__init__()
        self.bn1 = build_norm_layer(norm_cfg, in_channels)[1]
        self.conv1 = nn.Conv2d(
            in_channels, out_channels, 3, stride, padding=1, bias=False)
        self.bn2 = build_norm_layer(norm_cfg, out_channels)[1]
        self.conv2 = nn.Conv2d(
            out_channels, out_channels, 3, 1, padding=1, bias=False)
        self.drop_rate = drop_rate
        self.shortcut = None
        if in_channels != out_channels or stride != 1:
            self.shortcut = nn.Conv2d(
                in_channels, out_channels, 1, stride, bias=False)

    def forward(self, x: Tensor) -> Tensor:
        pre = F.relu(self.bn1(x))
        identity = x if self.shortcut is None else self.shortcut(pre)
        out = F.relu(self.bn2(self.conv1(pre)))
        out = F.dropout(out, p=self.drop_rate, training=self.training)
        return self.conv2(out) + identity


@MODELS.register_module()
class WideResNet(BaseBackbone):
    """WRN-d-k for 32x32 inputs (Zagoruyko and Komodakis, BMVC 2016).

    Modules: ``conv1`` (stem), ``layer1`` .. ``layer3`` (``nn.Sequential``
    of :class:`WideBasicBlock`, so ``backbone.layer2.0`` names a block for
    plugins), ``norm`` (the final BN, followed by ReLU).

    Args:
        depth (int): ``d``; ``(d - 4)`` must be divisible by 6.
        widen_factor (int): ``k``. Defaults to 1.
        drop_rate (float): Dropout inside each block. Defaults to 0.
        in_channels (int): Input channels. Defaults to 3.
        base_channels (int): Width of the stem and of the first group
            before widening. Defaults to 16.
        strides (Sequence[int]): Strides of the three groups.
            Defaults to ``(1, 2, 2)``.
        norm_cfg (dict): Normalisation config. Defaults to BN.
        init_cfg (dict | list, optional): Initialisation; by default
            Kaiming-normal (fan-out) convolutions and BN at (1, 0), as in
            the paper's code.

    Returns (forward):
        tuple[Tensor]: One map ``(N, 4 * base_channels * k, H/4, W/4)``,
        after the final BN-ReLU.
    """

    def __init__(
        self,
        depth: int,
        widen_factor: int = 1,
        drop_rate: float = 0.0,
        in_channels: int = 3,
        base_channels: int = 16,
        strides: Sequence[int] = (1, 2, 2),
        norm_cfg: dict = dict(type='BN'),
        init_cfg: Optional[dict] = [
            dict(
                type='Kaiming',
                layer='Conv2d',
                mode='fan_out',
                nonlinearity='relu'),
            dict(type='Constant', val=1, layer='_BatchNorm')
        ]
    ) -> None:
        super().__init__(init_cfg=init_cfg)
        if depth < 10 or (depth - 4) % 6:
            raise ValueError(f'WideResNet: depth must be 6n + 4 with n >= 1 '
                             f'(e.g. 16, 28, 40), got {depth}')
        if widen_factor < 1:
            raise ValueError('WideResNet: widen_factor must be at least 1, '
                             f'got {widen_factor}')
        if not 0 <= drop_rate < 1:
            raise ValueError('WideResNet: drop_rate must be in [0, 1), got '
                             f'{drop_rate}')
        if len(strides) != 3:
            raise ValueError('WideResNet: strides must give the 3 groups\' '
                             f'strides, got {tuple(strides)}')
        self.depth = depth
        self.widen_factor = widen_factor
        self.drop_rate = drop_rate
        self.num_blocks = (depth - 4) // 6
        widths = [base_channels * widen_factor * 2**i for i in range(3)]
        self.conv1 = nn.Conv2d(
            in_channels, base_channels, 3, 1, padding=1, bias=False)
        channels = base_channels
        for i, (width, stride) in enumerate(zip(widths, strides), 1):
            blocks = []
            for j in range(self.num_blocks):
                blocks.append(
                    WideBasicBlock(channels, width, stride if j == 0 else 1,
                                   drop_rate, norm_cfg))
                channels = width
            self.add_module(f'layer{i}', nn.Sequential(*blocks))
        self.norm = build_norm_layer(norm_cfg, channels)[1]
        self.out_channels = channels

    def forward(self, x: Tensor) -> Tuple[Tensor]:
        x = self.conv1(x)
        x = self.layer3(self.layer2(self.layer1(x)))
        return (F.relu(self.norm(x)), )
