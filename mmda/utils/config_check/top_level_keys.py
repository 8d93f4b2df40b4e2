# Copyright (c) mmda contributors. All rights reserved.
"""Top-level keys of a config file: helper variables are accepted, near
misses of the keys the Runner reads are refused."""
import difflib
import inspect
from typing import Any, FrozenSet

from mmengine.config import Config
from mmengine.config.lazy import LazyObject

from .config_walker import ConfigWalker

#: A top-level file key this close (``difflib`` ratio) to a key the Runner
#: reads, but not equal to one, is taken for a misspelling of it. 0.85
#: catches a missing or extra letter in any Runner key (``train_cfgg``
#: 0.95, ``optim_wraper`` 0.96) and a wrong or swapped letter in keys of 7
#: letters or more (all but ``model`` and ``resume``), and keeps mmda's
#: helper variables apart (``test_loader_cfg`` vs ``test_dataloader`` is
#: 0.73).
NEAR_MISS = 0.85


def is_import(value: Any) -> bool:
    """Whether a top-level value is an import of a pure-Python config (a
    class, function or module), not a setting."""
    return (inspect.isclass(value) or inspect.isroutine(value)
            or inspect.ismodule(value) or isinstance(value, LazyObject))


def check_near_misses(walker: ConfigWalker, file_cfg: Config) -> None:
    """Refuse file keys that nothing reads but that are misspellings of
    keys that are read.

    Args:
        walker (ConfigWalker): Collects the problems; its ``read_keys``
            are the keys that are read.
        file_cfg (Config): The config as loaded from its file.
    """
    read: FrozenSet[str] = walker.read_keys
    for key, value in file_cfg.items():
        if key in read or is_import(value):
            continue
        close = difflib.get_close_matches(
            key, sorted(read), n=1, cutoff=NEAR_MISS)
        if close and not used_elsewhere(file_cfg, key):
            walker.problems.setdefault(
                key, f"unknown key '{key}': nothing reads it; did you "
                f"mean '{close[0]}'?")


def used_elsewhere(cfg: Config, key: str) -> bool:
    """Whether the file uses top-level ``key``'s value under another key.

    A helper variable exists to be used: ``val_dataloaders = dict(...)``
    copied into ``val_dataloader`` is a helper, a misspelt ``train_cfgg``
    is used nowhere. Only a non-empty dict or list counts: equal scalars
    are a coincidence.

    Args:
        cfg (Config): The config as loaded from its file.
        key (str): One of its top-level keys.

    Returns:
        bool: Whether an equal dict or list is found under another key.
    """
    value = cfg[key]
    if not isinstance(value, (dict, list, tuple)) or not value:
        return False

    def found(node: Any) -> bool:
        if node == value:
            return True
        children = (
            node.values() if isinstance(node, dict) else
            node if isinstance(node, (list, tuple)) else ())
        return any(found(child) for child in children)

    return any(
        found(other) for name, other in cfg.items()
        if name != key and not is_import(other))
