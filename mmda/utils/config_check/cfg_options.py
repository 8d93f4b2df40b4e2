# Copyright (c) mmda contributors. All rights reserved.
"""The rules for ``--cfg-options`` keys: a key that the file does not hold
must be an argument of the component it lands in, or a top-level key that
is read."""
import warnings
from typing import Any, List

from mmengine.config import Config

from .config_walker import ConfigWalker
from .signature_keys import accepted_arguments
from .top_level_keys import is_import


def check_option(walker: ConfigWalker, file_cfg: Config, key: str) -> None:
    """Check one ``--cfg-options`` key against the file's config.

    Args:
        walker (ConfigWalker): The walker that has checked the merged
            config; it collects the problems.
        file_cfg (Config): The config as loaded from its file.
        key (str): The dotted key.

    Warns:
        UserWarning: ``key`` overrides a top-level helper variable, which
            most likely changes nothing.
    """
    read = walker.read_keys
    parts = key.split('.')
    if parts[0] not in file_cfg:
        if parts[0] not in read:
            names = read | {k for k, v in file_cfg.items() if not is_import(v)}
            walker.refuse('', parts[0], names,
                          'not in the config and not read by the Runner')
        return
    if parts[0] not in read:
        near = [
            p for p in leaf_paths(walker.cfg.to_dict())
            if p.endswith(f'.{parts[-1]}') and p.split('.')[0] in read
        ]
        hint = (f'; to change the run, override e.g. {near[0]!r}'
                if near else '')
        warnings.warn(
            f'--cfg-options {key!r}: {parts[0]!r} is a top-level key '
            'that the Runner does not read, i.e. a helper variable of '
            'the config file whose value the file has already copied '
            f'where it is used, so this override likely changes '
            f'nothing{hint}.', UserWarning)
        return
    node: Any = file_cfg[parts[0]]
    typed = False
    for i, part in enumerate(parts[1:], start=1):
        path = '.'.join(parts[:i])
        if isinstance(node, (list, tuple)):
            if not part.isdigit() or int(part) >= len(node):
                walker.problems.setdefault(
                    '.'.join(parts[:i + 1]),
                    f"unknown key '{'.'.join(parts[:i + 1])}': "
                    f"'{path}' is a list of {len(node)} items")
                return
            node = node[int(part)]
            continue
        if not isinstance(node, dict):
            return  # replaces a value: not a new key
        if part in node:
            typed = typed or 'type' in node
            node = node[part]
            continue
        if path in walker.covered:
            return  # judged by the walkers on the merged config
        if any(p.endswith('_cfg') for p in parts[1:i]):
            # By OpenMMLab's convention a ``*_cfg`` dict goes to a builder
            # function that may take keys out itself (``build_norm_layer``
            # takes ``requires_grad``).
            return
        if 'type' in node:
            cls = walker.resolve_any(node['type'])
            accepted = accepted_arguments(cls) if cls else None
            if accepted is not None:
                valid = accepted | set(node)
                if part not in valid:
                    name = getattr(cls, '__name__', repr(cls))
                    walker.refuse(path, part, valid,
                                  f'not an argument of {name}')
            return
        if typed:
            return  # inside a component's argument: its shape is free
        walker.refuse(path, part, node, f"'{path}' has no such key")
        return


def leaf_paths(cfg: Any, prefix: str = '') -> List[str]:
    """The dotted path of every node under ``cfg``."""
    paths = []
    items = (
        cfg.items() if isinstance(cfg, dict) else
        enumerate(cfg) if isinstance(cfg, (list, tuple)) else ())
    for key, value in items:
        path = f'{prefix}.{key}' if prefix else str(key)
        paths.append(path)
        paths += leaf_paths(value, path)
    return paths
