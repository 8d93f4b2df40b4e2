# Copyright (c) mmda contributors. All rights reserved.
"""mmda: domain adaptation and generalisation parts for OpenMMLab."""
from .utils.checkpoint_loader import register_trusted_local_loader
from .version import __version__, version_info

# Resume and ``load_from`` fail under torch>=2.6 without this: the new
# ``weights_only=True`` default cannot unpickle mmengine's HistoryBuffer.
# Registering is a dictionary write, so importing mmda stays cheap.
register_trusted_local_loader()

__all__ = ['__version__', 'version_info', 'register_trusted_local_loader']
