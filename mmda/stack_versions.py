# Copyright (c) mmda contributors. All rights reserved.
"""The OpenMMLab stack versions mmda supports, checked when mmda is imported.

``requirements/runtime.txt`` states the same ranges for pip (a test keeps the
two equal); this check catches an environment pip did not build, e.g. one
where mmengine was upgraded after mmda was installed, with a message that
states the range instead of an obscure failure later.

It lives outside :mod:`mmda.utils` and compares with :mod:`packaging`, so
that ``import mmda`` imports neither torch nor mmengine (0.1 s instead of
several seconds).
"""
from typing import Dict, Tuple

from packaging.version import Version

#: package -> (lowest supported version, first unsupported version)
SUPPORTED: Dict[str, Tuple[str, str]] = {
    'mmengine': ('0.10.3', '1.0.0'),
    'mmpretrain': ('1.2.0', '1.3.0'),
}


def check_stack_versions(installed: Dict[str, str]) -> None:
    """Raise if an installed package is outside the range mmda supports.

    Args:
        installed (dict[str, str]): Package name -> installed version.

    Raises:
        ImportError: Naming the package, its version and the range.
    """
    for name, (low, high) in SUPPORTED.items():
        version = installed.get(name)
        if version is None:
            continue
        if not Version(low) <= Version(version) < Version(high):
            raise ImportError(
                f'mmda supports {name}>={low},<{high}, but {name} {version} '
                f'is installed; install a version in that range, e.g. '
                f'`pip install "{name}>={low},<{high}"`')
