# Copyright (c) mmda contributors. All rights reserved.
import numpy as np
from mmcv.transforms import BaseTransform

from mmda.registry import TRANSFORMS


@TRANSFORMS.register_module()
class GrayToRGB(BaseTransform):
    """Repeat a grey image ``(H, W)`` or ``(H, W, 1)`` into 3 channels.

    Colour images pass unchanged, so one digits pipeline serves MNIST and
    USPS (grey) as well as SVHN and MNIST-M (colour).

    Required keys: ``img``. Modified keys: ``img``.
    """

    def transform(self, results: dict) -> dict:
        img = results['img']
        if img.ndim == 3 and img.shape[2] == 1:
            img = img[:, :, 0]
        if img.ndim == 2:
            img = np.repeat(img[:, :, None], 3, axis=2)
        elif img.ndim != 3 or img.shape[2] != 3:
            raise ValueError(f'GrayToRGB: image of shape {img.shape}; '
                             'expected (H, W), (H, W, 1) or (H, W, 3)')
        results['img'] = np.ascontiguousarray(img)
        results['img_shape'] = img.shape[:2]
        return results
