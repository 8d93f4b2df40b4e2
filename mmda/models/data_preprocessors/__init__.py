# Copyright (c) mmda contributors. All rights reserved.
from .dg_data_preprocessor import DGDataPreprocessor
from .uda_data_preprocessor import UDADataPreprocessor

__all__ = ['DGDataPreprocessor', 'UDADataPreprocessor']
