# Copyright (c) mmda contributors. All rights reserved.
"""mmda: domain adaptation and generalisation parts for OpenMMLab.

Importing mmda checks the installed stack's versions and changes nothing
else: checkpoint loading with ``weights_only=False`` is scoped to mmda's
tools by :func:`mmda.utils.trusted_local_checkpoints`.
"""
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version

from .stack_versions import SUPPORTED, check_stack_versions
from .version import __version__, version_info


def _installed(names):
    found = {}
    for name in names:
        try:
            found[name] = installed_version(name)
        except PackageNotFoundError:
            continue  # not installed: importing it fails with its own name
    return found


# Read from the installed metadata, so the check imports nothing heavy.
check_stack_versions(_installed(SUPPORTED))

__all__ = ['__version__', 'version_info']
