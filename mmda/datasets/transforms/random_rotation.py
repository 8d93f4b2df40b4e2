# Copyright (c) mmda contributors. All rights reserved.
from typing import Dict, Union

import mmcv
import numpy as np
from mmcv.transforms import BaseTransform
from mmcv.transforms.utils import cache_randomness

from mmda.registry import TRANSFORMS


@TRANSFORMS.register_module()
class RandomRotation(BaseTransform):
    """Rotate the image by an angle drawn uniformly from
    ``[-max_angle, max_angle]`` degrees.

    The counterpart of torchvision's ``RandomRotation(max_angle)`` with its
    defaults (nearest-neighbour sampling, same output size, rotation about
    the centre, zero fill), which SHOT's official digits code applies to
    the USPS source (``digit/uda_digit.py``, ``digit_load``, ``u2m``).
    mmpretrain's ``Rotate`` draws a fixed magnitude, not a uniform angle.

    Required keys: ``img``. Modified keys: ``img``.

    Args:
        max_angle (float): The largest rotation in degrees, > 0.
        pad_val (int | float): Fill value of the uncovered corners.
            Defaults to 0.
        interpolation (str): mmcv interpolation name. Defaults to
            ``'nearest'`` (torchvision's default).
    """

    def __init__(self,
                 max_angle: float,
                 pad_val: Union[int, float] = 0,
                 interpolation: str = 'nearest') -> None:
        if max_angle <= 0:
            raise ValueError(
                f'RandomRotation: max_angle must be > 0, got {max_angle}')
        self.max_angle = max_angle
        self.pad_val = pad_val
        self.interpolation = interpolation

    @cache_randomness
    def _random_angle(self) -> float:
        return float(np.random.uniform(-self.max_angle, self.max_angle))

    def transform(self, results: Dict) -> Dict:
        results['img'] = mmcv.imrotate(
            results['img'],
            self._random_angle(),
            border_value=self.pad_val,
            interpolation=self.interpolation)
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(max_angle={self.max_angle}, '
                f'pad_val={self.pad_val}, '
                f'interpolation={self.interpolation!r})')
