# Copyright (c) mmda contributors. All rights reserved.
from .uda_data_preprocessor import UDADataPreprocessor

__all__ = ['UDADataPreprocessor']
