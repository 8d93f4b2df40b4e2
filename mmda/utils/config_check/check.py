# Copyright (c) mmda contributors. All rights reserved.
"""The entry point: check a config and its ``--cfg-options``, and raise
one error naming every unknown key."""
import copy
from typing import Any, Dict, Optional

from mmengine.config import Config
from mmengine.registry import DefaultScope

from .cfg_options import check_option
from .config_walker import ConfigWalker
from .top_level_keys import check_near_misses


class ConfigKeyError(ValueError):
    """A config holds keys that nothing reads; the message names each one
    and the nearest valid name."""


def check_config(cfg: Config,
                 cfg_options: Optional[Dict[str, Any]] = None,
                 stage: str = 'train') -> None:
    """Refuse keys of ``cfg`` and ``cfg_options`` that nothing reads.

    Call it after loading the file and before merging ``--cfg-options``
    into it: the options are checked against the file's keys, and then the
    merged config (a copy) is checked. See :mod:`mmda.utils.config_check`
    for the rules. Needs mmda's modules registered
    (``register_all_modules``).

    Args:
        cfg (Config): The config as loaded from its file.
        cfg_options (dict, optional): The ``--cfg-options`` (dotted keys).
        stage (str): ``'train'`` checks everything; ``'test'`` leaves out
            what only training reads (``train_cfg``, ``optim_wrapper``,
            the training loaders...).

    Raises:
        ConfigKeyError: Some keys are unknown; the message names each
            (with its dotted path) and the nearest valid name.
    """
    assert stage in ('train', 'test'), stage
    cfg_options = dict(cfg_options or {})
    merged = copy.deepcopy(cfg)
    merge_error = None
    try:
        merged.merge_from_dict(copy.deepcopy(cfg_options))
    except (KeyError, IndexError, TypeError) as e:
        # e.g. an index past a list's end: named below, or re-raised.
        merge_error, merged = e, cfg
    scope = merged.get('default_scope') or 'mmengine'
    with DefaultScope.overwrite_default_scope(scope):
        walker = ConfigWalker(merged)
        check_near_misses(walker, cfg)
        walker.run()
        for key in cfg_options:
            check_option(walker, cfg, key)
    problems = walker.problems
    if stage == 'test':
        problems = {
            path: text
            for path, text in problems.items()
            if path.split('.')[0] not in walker.train_only
        }
    if not problems:
        if merge_error is not None:
            raise merge_error
        return
    lines = []
    for path, text in problems.items():
        given = any(
            k == path or k.startswith(f'{path}.') or path.startswith(f'{k}.')
            for k in cfg_options)
        lines.append(f'  - {text}' +
                     (' (from --cfg-options)' if given else ''))
    raise ConfigKeyError(
        f'config {cfg.filename or "<dict>"!s}: {len(lines)} unknown '
        'key(s), refused before building the runner (nothing has been '
        'trained or written):\n' + '\n'.join(lines))
