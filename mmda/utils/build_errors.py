# Copyright (c) mmda contributors. All rights reserved.
"""Readable messages for config types that no registry knows."""
import difflib
import importlib
import re
from typing import List, Optional

from mmengine.registry import Registry

_UNKNOWN = re.compile(
    r'[`\']?(\S+?)[`\']? is not in the (\w+)::(.+?) registry')


def _find_registry(scope: str, name: str) -> Optional[Registry]:
    try:
        module = importlib.import_module(f'{scope}.registry')
    except ImportError:
        return None
    for value in vars(module).values():
        if isinstance(value, Registry) and value.name == name:
            return value
    return None


def _searched(registry: Registry) -> List[Registry]:
    chain = []
    while registry is not None:
        chain.append(registry)
        registry = registry.parent
    return chain


def explain_build_error(error: BaseException,
                        default_scope: Optional[str] = None) -> Optional[str]:
    """Rewrite mmengine's "X is not in the registry" error.

    mmengine names only the first registry it looked in. The rewritten
    message lists every scope searched (the default scope and its parents),
    the closest registered names, and how to reach a type of another scope.

    Args:
        error (BaseException): The error raised while building.
        default_scope (str, optional): The config's ``default_scope``.

    Returns:
        str | None: The message, or None if ``error`` is not about an
        unknown type.
    """
    text = str(error.args[0]) if error.args else str(error)
    match = _UNKNOWN.search(text)
    if match is None:
        return None
    key, scope, name = match.groups()
    registry = _find_registry(scope, name)
    if registry is None:
        return None
    chain = _searched(registry)
    known = sorted({k for r in chain for k in r.module_dict})
    close = difflib.get_close_matches(key.split('.')[-1], known, n=3)
    scopes = ' -> '.join(f'{r.scope}::{r.name}' for r in chain)
    hint = f' Did you mean {", ".join(map(repr, close))}?' if close else ''
    return (f'unknown type {key!r} in config (default_scope='
            f'{default_scope!r}). Searched the registries {scopes}.{hint} '
            'A type of another OpenMMLab package needs its scope prefix '
            "(e.g. 'mmda.DomainAdversarialLoss') or `custom_imports`. "
            f'Original error: {text}')
