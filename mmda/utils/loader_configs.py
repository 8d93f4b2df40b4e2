# Copyright (c) mmda contributors. All rights reserved.
"""Every data loader a config describes, wherever it sits."""
from typing import Any, Iterator, MutableMapping


def is_loader_config(node: Any) -> bool:
    """Whether ``node`` is a DataLoader config: a mapping with a ``dataset``
    and a ``sampler`` or ``batch_size`` (as mmengine's
    ``Runner.build_dataloader`` takes)."""
    return isinstance(node, MutableMapping) and 'dataset' in node and (
        'sampler' in node or 'batch_size' in node)


def loader_configs(cfg: Any) -> Iterator[MutableMapping]:
    """Yield every DataLoader config in ``cfg``: ``train_dataloader``,
    ``target_dataloader``, the validation and test loaders, and those that
    loops and hooks hold (``val_cfg.dataloaders``, a hook's
    ``dataloader``), each once.

    The command-line loader flags of ``tools/train.py`` are applied to
    these, so no list of loader keys can drift from the configs.

    Args:
        cfg (Config | dict | list): A config or any part of it.
    """
    seen = set()
    if not isinstance(cfg, (MutableMapping, list, tuple)):
        # An mmengine Config: its top-level keys, each walked.
        cfg = {key: cfg[key] for key in cfg}

    def walk(node: Any) -> Iterator[MutableMapping]:
        if id(node) in seen:
            return
        if isinstance(node, MutableMapping):
            seen.add(id(node))
            if is_loader_config(node):
                yield node
                return  # a loader holds no other loader
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, (list, tuple)):
            seen.add(id(node))
            for value in node:
                yield from walk(value)

    yield from walk(cfg)
