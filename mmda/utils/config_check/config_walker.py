# Copyright (c) mmda contributors. All rights reserved.
"""Walks the components of a merged config and checks each dict's keys
against the arguments of the class that its ``type`` names."""
import difflib
from typing import Any, Dict, FrozenSet, Iterable, Optional, Set

from mmengine.config import Config
from mmengine.config.lazy import LazyObject
from mmengine.optim import DefaultOptimWrapperConstructor
from mmengine.registry import (DATA_SAMPLERS, DATASETS, HOOKS, LOG_PROCESSORS,
                               LOOPS, MODELS, OPTIM_WRAPPER_CONSTRUCTORS,
                               OPTIM_WRAPPERS, OPTIMIZERS, PARAM_SCHEDULERS,
                               TRANSFORMS, VISBACKENDS, VISUALIZERS, Registry)
from mmengine.runner import (EpochBasedTrainLoop, IterBasedTrainLoop,
                             LogProcessor, TestLoop, ValLoop)
from torch.utils.data import DataLoader

from .runner_keys import (AUTO_SCALE_LR, DATALOADER_EXTRA, ENV_CFG, HOOK_EXTRA,
                          OPTIM_WRAPPER_EXTRA, RANDOMNESS, RUNNER_KEYS,
                          SCHEDULER_EXTRA, TRAIN_ONLY, any_loop_keys,
                          loop_keys)
from .signature_keys import accepted_arguments

# Registries searched for a string ``type`` in a dict that none of the
# walkers below knows (an override inside ``model``, a transform...).
_ANY_REGISTRY = (MODELS, TRANSFORMS, DATASETS, DATA_SAMPLERS, HOOKS, LOOPS,
                 OPTIMIZERS, OPTIM_WRAPPERS, PARAM_SCHEDULERS, VISUALIZERS,
                 VISBACKENDS)


def _nearest(key: str, names: Iterable[str]) -> Optional[str]:
    close = difflib.get_close_matches(key, sorted(set(names)), n=1, cutoff=0.5)
    return close[0] if close else None


class ConfigWalker:
    """Walks one config and collects the unknown keys.

    Types resolve in the current default scope, which
    :func:`~mmda.utils.config_check.check_config` sets to the config's
    ``default_scope`` as the Runner does.

    Args:
        cfg (Config): The merged config.

    Attributes:
        problems (dict[str, str]): The message for each refused dotted key.
        covered (set[str]): Paths of the dicts the walkers judged (checked
            or uncheckable), so that the ``--cfg-options`` check does not
            judge them again.
        read_keys (frozenset[str]): The top-level keys that are read:
            :data:`RUNNER_KEYS` and those that the config's loops or any
            registered loop read from ``runner.cfg`` (``UDATrainLoop``'s
            ``target_dataloader``). A key that only another loop reads is
            not the config's concern, yet no misspelling either: a
            source-only config keeps ``target_dataloader`` as a helper for
            its validation loaders, and a shared ``--cfg-options
            target_dataloader.batch_size=8`` changes nothing there.
        train_only (frozenset[str]): The top-level keys that only training
            reads: :data:`TRAIN_ONLY` and the loops' keys that the
            config's ``val_cfg`` and ``test_cfg`` loops do not read.
    """

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.problems: Dict[str, str] = {}
        self.covered: Set[str] = set()
        train = self._keys_of_loop('train_cfg')
        evaluating = (
            self._keys_of_loop('val_cfg') | self._keys_of_loop('test_cfg'))
        by_loops = any_loop_keys() | train | evaluating
        self.read_keys = RUNNER_KEYS | by_loops
        self.train_only = frozenset(TRAIN_ONLY) | (
            by_loops - RUNNER_KEYS - evaluating)

    # ----------------------------------------------------------- helpers
    def _loop_type(self, key: str) -> tuple:
        """The loop's type as the Runner picks it, and its registry."""
        loop = self.cfg.get(key)
        if not isinstance(loop, dict):
            return None, None
        if 'type' in loop:
            return loop['type'], LOOPS
        if key == 'train_cfg':
            if 'by_epoch' not in loop:
                return None, None
            return (EpochBasedTrainLoop
                    if loop['by_epoch'] else IterBasedTrainLoop), LOOPS
        return (ValLoop if key == 'val_cfg' else TestLoop), LOOPS

    def _keys_of_loop(self, key: str) -> FrozenSet[str]:
        # The config's own loop may be a class that no registry holds.
        loop = self.resolve(*self._loop_type(key))
        return loop_keys(loop) if loop else frozenset()

    def resolve(self, type_: Any, registry: Optional[Registry]) -> Any:
        """The class ``type_`` names, as the Runner's build finds it, or
        None when it is unknown (the build will say so)."""
        if isinstance(type_, LazyObject):
            type_ = type_.build()
        if not isinstance(type_, str):
            return type_
        if registry is None:
            return None
        with registry.switch_scope_and_registry(None) as reg:
            try:
                return reg.get(type_)
            except Exception:  # an unknown type: left to the build's error
                return None

    def resolve_any(self, type_: Any) -> Any:
        """The class of a dict's ``type`` searched in every registry."""
        if not isinstance(type_, str):
            return self.resolve(type_, MODELS)
        for registry in _ANY_REGISTRY:
            cls = self.resolve(type_, registry)
            if cls is not None:
                return cls
        return None

    def refuse(self, path: str, key: str, names: Iterable[str],
               what: str) -> None:
        """Record the unknown ``path.key`` with the nearest of ``names``."""
        full = f'{path}.{key}' if path else key
        names = set(names) - {'type', '_scope_'}
        near = _nearest(key, names)
        hint = (f"did you mean '{near}'?"
                if near else f'valid keys: {", ".join(sorted(names))}')
        self.problems.setdefault(full, f"unknown key '{full}': {what}; {hint}")

    def component(self,
                  cfg: Any,
                  path: str,
                  registry: Optional[Registry],
                  default: Any = None,
                  extra: Iterable[str] = ()) -> Any:
        """Check the keys of a dict that the Runner builds with
        ``registry``; return the class, or None."""
        if not isinstance(cfg, dict):
            return None
        self.covered.add(path)
        type_ = cfg.get('type', default)
        if type_ is None:
            return None
        cls = self.resolve(type_, registry)
        if cls is None:
            return None
        accepted = accepted_arguments(cls)
        if accepted is None:
            return cls
        valid = accepted | set(extra) | {'type', '_scope_'}
        name = getattr(cls, '__name__', repr(cls))
        for key in cfg:
            if key not in valid:
                self.refuse(path, key, valid, f'not an argument of {name}')
        return cls

    def schema(self, cfg: Any, path: str, keys: Dict[str, Any],
               owner: str) -> None:
        """Check an untyped dict whose keys the Runner reads."""
        if not isinstance(cfg, dict):
            return
        self.covered.add(path)
        for key, value in cfg.items():
            if key not in keys:
                self.refuse(path, key, keys, f'{owner} reads no such key')
            elif keys[key] is None:
                self.covered.add(f'{path}.{key}')
            elif keys[key] and isinstance(value, dict):
                self.schema(value, f'{path}.{key}',
                            dict.fromkeys(keys[key], ()), owner)

    # ----------------------------------------------------------- walkers
    def hooks(self) -> None:
        default_hooks = self.cfg.get('default_hooks') or {}
        if isinstance(default_hooks, dict):
            self.covered.add('default_hooks')
            for name, hook in default_hooks.items():
                path = f'default_hooks.{name}'
                if isinstance(hook, dict) and 'type' not in hook:
                    # mmengine would stop on the missing type; a misspelt
                    # hook name is the likely cause.
                    others = set(default_hooks) - {name}
                    self.refuse(
                        'default_hooks', name, others,
                        "a hook needs a 'type' and this one has "
                        'none')
                    continue
                self.component(hook, path, HOOKS, extra=HOOK_EXTRA)
        for i, hook in enumerate(self.cfg.get('custom_hooks') or []):
            self.component(hook, f'custom_hooks.{i}', HOOKS, extra=HOOK_EXTRA)
            if isinstance(hook, dict):
                # a hook's own loaders (PseudoLabelHook's, PreciseBN's)
                self._loop_loaders(hook, f'custom_hooks.{i}')

    def loops(self) -> None:
        train_cfg = self.cfg.get('train_cfg')
        if isinstance(train_cfg, dict):
            self._loop_loaders(train_cfg, 'train_cfg')
            type_, _ = self._loop_type('train_cfg')
            if type_ is None:
                self.covered.add('train_cfg')
                self.problems['train_cfg'] = (
                    "train_cfg needs 'type' or 'by_epoch' (from which "
                    'mmengine picks EpochBasedTrainLoop or '
                    'IterBasedTrainLoop)')
            else:
                # by_epoch is taken out by Runner.build_train_loop
                extra = () if 'type' in train_cfg else ('by_epoch', )
                self.component(train_cfg, 'train_cfg', LOOPS, type_, extra)
        for key in ('val_cfg', 'test_cfg'):
            loop = self.cfg.get(key)
            self.component(loop, key, LOOPS, self._loop_type(key)[0])
            if isinstance(loop, dict):
                self._loop_loaders(loop, key)

    def _loop_loaders(self, loop: dict, path: str) -> None:
        # A loop's or hook's own loaders (e.g. PseudoLabelHook's) are built
        # by Runner.build_dataloader too.
        for key, value in loop.items():
            if key.endswith('dataloader') and isinstance(value, dict):
                self.dataloader(value, f'{path}.{key}')

    def optim_wrapper(self) -> None:
        wrapper = self.cfg.get('optim_wrapper')
        if not isinstance(wrapper, dict):
            return
        constructor = self.resolve(
            wrapper.get('constructor', DefaultOptimWrapperConstructor),
            OPTIM_WRAPPER_CONSTRUCTORS)
        if constructor is not DefaultOptimWrapperConstructor:
            # Another constructor reads the dict its own way (e.g. one
            # wrapper per sub-model): it cannot be checked.
            self.covered.add('optim_wrapper')
            return
        self.component(wrapper, 'optim_wrapper', OPTIM_WRAPPERS,
                       'OptimWrapper', OPTIM_WRAPPER_EXTRA)
        self.component(
            wrapper.get('optimizer'), 'optim_wrapper.optimizer', OPTIMIZERS)

    def schedulers(self) -> None:
        schedulers = self.cfg.get('param_scheduler')
        if isinstance(schedulers, dict) and 'type' not in schedulers:
            # One list per optimiser of an OptimWrapperDict.
            groups = [(f'param_scheduler.{name}', value)
                      for name, value in schedulers.items()]
            self.covered.add('param_scheduler')
        else:
            groups = [('param_scheduler', schedulers)]
        for path, group in groups:
            if isinstance(group, dict):
                indexed = [(path, group)]
            elif isinstance(group, (list, tuple)):
                indexed = [(f'{path}.{i}', s) for i, s in enumerate(group)]
            else:
                continue
            for at, scheduler in indexed:
                self.component(
                    scheduler, at, PARAM_SCHEDULERS, extra=SCHEDULER_EXTRA)

    def dataloader(self, loader: Any, path: str) -> None:
        if not isinstance(loader, dict):
            return
        self.component(loader, path, None, DataLoader, DATALOADER_EXTRA)
        self.dataset(loader.get('dataset'), f'{path}.dataset')
        for key in ('sampler', 'batch_sampler'):
            self.component(loader.get(key), f'{path}.{key}', DATA_SAMPLERS)

    def dataset(self, dataset: Any, path: str) -> None:
        if not isinstance(dataset, dict):
            return
        self.component(dataset, path, DATASETS)
        # Wrappers (ConcatDataset, RepeatDataset, UnlabeledDataset...).
        inner = dataset.get('dataset')
        if isinstance(inner, dict):
            self.dataset(inner, f'{path}.dataset')
        inners = dataset.get('datasets')
        if isinstance(inners, (list, tuple)):
            for i, inner in enumerate(inners):
                self.dataset(inner, f'{path}.datasets.{i}')

    def runtime(self) -> None:
        self.component(
            self.cfg.get('log_processor'), 'log_processor', LOG_PROCESSORS,
            LogProcessor)
        self.schema(
            self.cfg.get('randomness'), 'randomness', RANDOMNESS,
            'Runner.set_randomness')
        self.schema(
            self.cfg.get('env_cfg'), 'env_cfg', ENV_CFG, 'Runner.setup_env')
        self.schema(
            self.cfg.get('auto_scale_lr'), 'auto_scale_lr', AUTO_SCALE_LR,
            'Runner.scale_lr')

    def run(self) -> None:
        """Check every component of the config."""
        self.hooks()
        self.loops()
        self.optim_wrapper()
        self.schedulers()
        # The Runner's loaders, and those a loop reads from the top level
        # (UDATrainLoop's target_dataloader), named as loaders are.
        loaders = ['train_dataloader', 'val_dataloader', 'test_dataloader']
        loaders += sorted(k for k in self.read_keys - set(loaders)
                          if k.endswith('dataloader'))
        for key in loaders:
            self.dataloader(self.cfg.get(key), key)
        self.runtime()
