# Copyright (c) mmda contributors. All rights reserved.
from .channel_stats import channel_mean_std
from .cnsn import CNSN
from .cross_norm import CrossNorm, cross_norm, random_box, transfer_statistics
from .dsu import DSU, dsu_perturb
from .gradient_reverse import GradientReverseLayer, gradient_reverse
from .l2_preserved_dropout import L2PreservedDropout, l2_preserved_dropout
from .mix_style import MixStyle, crossdomain_permutation, mix_style
from .multilinear_map import (MultilinearMap, RandomizedMultilinearMap,
                              multilinear_map, randomized_multilinear_map)
from .rsc import (RSC, rsc, rsc_drop_mask, rsc_feature_gradient, rsc_features,
                  rsc_select_samples, rsc_spatial_choice)
from .self_norm import SelfNorm, self_norm

__all__ = [
    'GradientReverseLayer', 'gradient_reverse', 'channel_mean_std',
    'CrossNorm', 'cross_norm', 'random_box', 'transfer_statistics', 'SelfNorm',
    'self_norm', 'CNSN', 'RSC', 'rsc', 'rsc_drop_mask', 'rsc_feature_gradient',
    'rsc_select_samples', 'rsc_features', 'rsc_spatial_choice',
    'L2PreservedDropout', 'l2_preserved_dropout', 'MultilinearMap',
    'RandomizedMultilinearMap', 'multilinear_map',
    'randomized_multilinear_map', 'MixStyle', 'mix_style',
    'crossdomain_permutation', 'DSU', 'dsu_perturb'
]
