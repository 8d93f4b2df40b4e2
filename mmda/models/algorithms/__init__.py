# Copyright (c) mmda contributors. All rights reserved.
from .base_da_classifier import BaseDAClassifier
from .cotta_adapter import CoTTAAdapter, cotta_augmentation
from .eata_adapter import EATAAdapter
from .loss_parsing import (RankAveragedLosses, named_losses,
                           parse_losses_across_ranks,
                           with_rank_averaged_losses)
from .multi_domain_classifier import MultiDomainClassifier
from .sar_adapter import SARAdapter, sam_perturbation
from .shot_pseudo_labels import shot_pseudo_labels
from .shot_target_classifier import SHOTTargetClassifier
from .test_time_adapters import BNAdapter, TentAdapter
from .uda_image_classifier import UDAImageClassifier

__all__ = [
    'UDAImageClassifier', 'SHOTTargetClassifier', 'parse_losses_across_ranks',
    'shot_pseudo_labels', 'BaseDAClassifier', 'RankAveragedLosses',
    'named_losses', 'with_rank_averaged_losses', 'BNAdapter', 'TentAdapter',
    'MultiDomainClassifier', 'SARAdapter', 'sam_perturbation', 'EATAAdapter',
    'CoTTAAdapter', 'cotta_augmentation'
]
