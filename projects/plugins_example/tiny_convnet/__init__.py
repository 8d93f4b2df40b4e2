# Copyright (c) mmda contributors. All rights reserved.
from .tiny_convnet import TinyConvNet

__all__ = ['TinyConvNet']
