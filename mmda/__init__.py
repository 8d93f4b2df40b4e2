# Copyright (c) mmda contributors. All rights reserved.
"""mmda: domain adaptation and generalisation parts for OpenMMLab."""
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version

from .utils.checkpoint_loader import register_trusted_local_loader
from .utils.stack_versions import SUPPORTED, check_stack_versions
from .version import __version__, version_info


def _installed(names):
    found = {}
    for name in names:
        try:
            found[name] = installed_version(name)
        except PackageNotFoundError:
            pass
    return found


# Read from the installed metadata, so the check imports nothing heavy.
check_stack_versions(_installed(SUPPORTED))

# Resume and ``load_from`` fail under torch>=2.6 without this: the new
# ``weights_only=True`` default cannot unpickle mmengine's HistoryBuffer.
# Registering is a dictionary write, so importing mmda stays cheap.
register_trusted_local_loader()

__all__ = ['__version__', 'version_info', 'register_trusted_local_loader']
