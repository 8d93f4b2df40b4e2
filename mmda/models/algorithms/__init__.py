# Copyright (c) mmda contributors. All rights reserved.
from .loss_parsing import parse_losses_across_ranks
from .shot_pseudo_labels import shot_pseudo_labels
from .shot_target_classifier import SHOTTargetClassifier
from .uda_image_classifier import UDAImageClassifier

__all__ = [
    'UDAImageClassifier', 'SHOTTargetClassifier', 'parse_losses_across_ranks',
    'shot_pseudo_labels'
]
