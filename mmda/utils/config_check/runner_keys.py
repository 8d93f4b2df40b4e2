# Copyright (c) mmda contributors. All rights reserved.
"""The config keys that mmengine's Runner, its builders and the loops
read, derived from their signatures and sources."""
import functools
import inspect
from typing import Dict, FrozenSet, Optional, Tuple

from mmengine.optim import build_optim_wrapper
from mmengine.registry import LOOPS, Registry
from mmengine.registry.build_functions import build_scheduler_from_cfg
from mmengine.runner import Runner

from .dict_reads import cfg_keys_read, dict_reads

__all__ = [
    'RUNNER_KEYS', 'TRAIN_ONLY', 'HOOK_EXTRA', 'OPTIM_WRAPPER_EXTRA',
    'SCHEDULER_EXTRA', 'DATALOADER_EXTRA', 'ENV_CFG', 'AUTO_SCALE_LR',
    'RANDOMNESS', 'loop_keys', 'any_loop_keys'
]


def _runner_keys() -> FrozenSet[str]:
    keys = set(inspect.signature(Runner.__init__).parameters) - {'self', 'cfg'}
    # read from ``runner.cfg`` outside ``__init__``: ``wrap_model``'s
    # ``model_wrapper_cfg``, ``sync_bn``... (mmengine 0.10)
    keys |= cfg_keys_read(Runner)
    # Config.fromfile reads it from the dict being parsed, a local that no
    # source scan can tell from any other dict.
    keys.add('custom_imports')
    return frozenset(keys)


#: Top-level keys that are read whatever the config's loops:
#: ``Runner.__init__``'s arguments, the keys the Runner's methods read from
#: ``self.cfg`` and ``custom_imports``. The loops may read more
#: (:func:`loop_keys`).
RUNNER_KEYS: FrozenSet[str] = _runner_keys()

#: Top-level keys that only training reads: the Runner takes them all in
#: ``__init__`` and only ``Runner.train`` builds them, which no signature
#: shows. Keys the train loop reads (:func:`loop_keys`) are added to them.
TRAIN_ONLY: Tuple[str,
                  ...] = ('train_cfg', 'val_cfg', 'optim_wrapper',
                          'param_scheduler', 'train_dataloader',
                          'val_dataloader', 'val_evaluator', 'auto_scale_lr')

# Keys that the Runner's builders take out of a dict before building it.
#: ``Runner.register_hook`` takes ``priority`` out of a hook's dict.
HOOK_EXTRA: FrozenSet[str] = dict_reads(Runner.register_hook, 'hook').popped
#: ``build_optim_wrapper`` takes ``constructor`` and ``paramwise_cfg`` out
#: of ``optim_wrapper``.
OPTIM_WRAPPER_EXTRA: FrozenSet[str] = dict_reads(build_optim_wrapper,
                                                 'cfg').popped
#: Keys the scheduler builder takes out (``convert_to_iter_based``).
SCHEDULER_EXTRA: FrozenSet[str] = dict_reads(build_scheduler_from_cfg,
                                             'cfg').popped
#: Keys ``Runner.build_dataloader`` takes out (``dataset``, ``sampler``...).
DATALOADER_EXTRA: FrozenSet[str] = dict_reads(Runner.build_dataloader,
                                              'dataloader').popped

#: The keys of the untyped dicts the Runner reads, each mapped to the keys
#: read from its value (``()``: none, ``None``: any, as ``dist_cfg`` goes to
#: ``init_dist(**dist_cfg)``).
ENV_CFG: Dict[str, Optional[Tuple[str,
                                  ...]]] = dict_reads(Runner.setup_env,
                                                      'env_cfg').schema
AUTO_SCALE_LR: Dict[str,
                    Optional[Tuple[str,
                                   ...]]] = dict_reads(Runner.scale_lr,
                                                       'auto_scale_lr').schema
RANDOMNESS: Dict[str, Optional[Tuple[str, ...]]] = dict.fromkeys(
    set(inspect.signature(Runner.set_randomness).parameters) - {'self'}, ())


@functools.lru_cache(maxsize=None)
def loop_keys(loop: type) -> FrozenSet[str]:
    """The top-level config keys that a loop class reads from
    ``runner.cfg`` (mmda's ``UDATrainLoop`` reads ``target_dataloader``),
    found in the source of the modules of its MRO.

    Args:
        loop (type): A loop class.

    Returns:
        frozenset[str]: The keys.
    """
    keys: FrozenSet[str] = frozenset()
    for klass in loop.__mro__:
        module = inspect.getmodule(klass)
        if klass is not object and module is not None:
            keys |= cfg_keys_read(module)
    return keys


def any_loop_keys() -> FrozenSet[str]:
    """The top-level keys that some registered loop reads.

    Such a key is no misspelling even where the config's own loops do not
    read it (a source-only config keeps ``target_dataloader`` as a helper
    for its validation loaders).

    Returns:
        frozenset[str]: The keys, over mmengine's ``LOOPS`` and every
        registry under it (mmda's).
    """
    keys: FrozenSet[str] = frozenset()
    todo = [LOOPS]
    while todo:
        registry: Registry = todo.pop()
        todo += registry.children.values()
        for loop in registry.module_dict.values():
            if isinstance(loop, type):
                keys |= loop_keys(loop)
    return keys
