# Copyright (c) mmda contributors. All rights reserved.
from .digits import GrayToRGB
from .random_rotation import RandomRotation

__all__ = ['GrayToRGB', 'RandomRotation', 'DOMAIN_META_KEYS']

# mmpretrain's PackInputs meta keys plus the domain information of mmda's
# datasets; pass ``meta_keys=DOMAIN_META_KEYS`` to ``PackInputs`` so that
# the model and the metrics see them (keys a sample lacks are skipped).
DOMAIN_META_KEYS = ('sample_idx', 'img_path', 'ori_shape', 'img_shape',
                    'scale_factor', 'flip', 'flip_direction', 'domain',
                    'domain_idx', 'corruption', 'severity')
