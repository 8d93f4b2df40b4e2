# Copyright (c) mmda contributors. All rights reserved.
from .dg_data_preprocessor import DGDataPreprocessor
from .inter_domain_mixup import MixedBatch, mix_domain_pairs
from .uda_data_preprocessor import UDADataPreprocessor

__all__ = [
    'DGDataPreprocessor', 'UDADataPreprocessor', 'MixedBatch',
    'mix_domain_pairs'
]
