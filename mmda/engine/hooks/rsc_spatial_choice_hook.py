# Copyright (c) mmda contributors. All rights reserved.
from typing import List, Tuple

from mmda.models.layers import RSC, rsc_spatial_choice
from mmda.registry import HOOKS
from .layer_schedule_hook import LayerScheduleHook


def set_rsc_spatial_choice(layers: List[RSC], seed: int,
                           iteration: int) -> float:
    """Set ``spatial`` of each RSC layer for ``iteration`` of the run with
    ``seed`` (:func:`rsc_spatial_choice`); return the share of layers that
    mute spatial positions."""
    for layer in layers:
        layer.spatial = rsc_spatial_choice(seed, iteration, layer.where,
                                           layer.spatial_prob)
    return sum(layer.spatial for layer in layers) / len(layers)


@HOOKS.register_module()
class RSCSpatialChoiceHook(LayerScheduleHook):
    """Draw, before each training iteration, whether every ``RSC`` layer
    mutes spatial positions or channels in it (Huang et al., ECCV 2020,
    Sec. 3.1).

    The draw depends only on the run's seed, the iteration and the layer's
    place, so every rank of a distributed run, and a resumed run, draw the
    same. ``RSCBatchPercentHook`` draws it too: a config needs one of the
    two. The share of layers muting spatially is logged as
    ``rsc_spatial``.
    """

    layer_type = RSC
    log_name = 'rsc_spatial'

    def value(self, runner) -> Tuple[int, int]:
        return runner.seed, runner.iter

    def apply(self, layers: List[RSC], value: Tuple[int, int]) -> float:
        return set_rsc_spatial_choice(layers, *value)
