# Copyright (c) mmda contributors. All rights reserved.
"""mmda: domain adaptation and generalisation parts for OpenMMLab.

Importing mmda changes nothing outside it: checkpoint loading with
``weights_only=False`` is scoped to mmda's tools by
:func:`mmda.utils.trusted_local_checkpoints`.
"""
from .version import __version__, version_info

__all__ = ['__version__', 'version_info']
