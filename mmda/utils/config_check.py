# Copyright (c) mmda contributors. All rights reserved.
"""Start-up validation of a config: misspelled keys are refused.

mmengine accepts any key. ``default_hooks.checkpoint.intervl=5`` trains a
whole run and then fails at the first save, and ``train_cfgg.max_iters=5``
adds a key that nothing reads. :func:`check_config` finds such keys before
the Runner is built and names each with the nearest valid name.

What is checked:

* **Components.** The keys of hooks (``default_hooks.*``,
  ``custom_hooks``), loops (``train_cfg``, ``val_cfg``, ``test_cfg``, with
  the type mmengine infers when there is none), the optimiser wrapper
  (``optim_wrapper`` and its ``optimizer``), the parameter schedulers, the
  data loaders, their samplers and datasets (recursively through wrappers
  such as ``UnlabeledDataset`` or ``ConcatDataset``) and the log processor
  are checked against the arguments of the class that ``type`` names, resolved
  as the Runner does (class objects, ``'mmda.X'``, or ``'X'`` under the
  config's ``default_scope``). A class whose ``__init__`` takes
  ``**kwargs`` is followed to the base class that receives them when it
  passes them on as ``super().__init__(..., **kwargs)`` and otherwise only
  adds defaults or takes named keys out (read from its source with
  :mod:`ast`); ``CheckpointHook``'s go to ``Runner.save_checkpoint``.
  Any other class with ``**kwargs`` **cannot be checked**, and all its
  keys are accepted. ``randomness``, ``env_cfg`` and ``auto_scale_lr`` are
  checked against the keys mmengine's Runner reads from them.
* **Top-level keys of the file.** Pure-Python configs keep helper
  variables (``max_iters``, ``loader_cfg``, ``data_root``...) at the top
  level; they are accepted. A top-level key that nothing reads but that is
  a near miss of a key the Runner reads (``difflib`` ratio >=
  :data:`NEAR_MISS`, e.g. ``train_cfgg``, ``optim_wraper``) is refused,
  unless its value (a non-empty dict or list) is used elsewhere in the
  file, which makes it a helper (SHOT's ``label_dataloader``, copied into
  ``train_cfg``, is a near miss of ``val_dataloader``).
* **``--cfg-options``.** A key that does not exist in the config is
  refused, unless it is a valid argument of the component whose dict it
  lands in (a dict with ``type``, or one of the components above), or a
  top-level key the Runner reads (:data:`RUNNER_KEYS`). A key under a
  nested ``*_cfg`` dict (``model.neck.norm_cfg.requires_grad``) is not
  checked: such dicts go to builder functions that may take keys out
  before the class sees the rest. Overriding an
  existing top-level key that the Runner does not read only warns: such a
  key is a helper variable whose value the file has already copied where
  it is used, so the override most likely changes nothing.
"""
import ast
import copy
import difflib
import functools
import inspect
import textwrap
import warnings
from typing import (Any, Callable, Dict, FrozenSet, Iterable, List, Optional,
                    Set, Tuple)

from mmengine.config import Config
from mmengine.config.lazy import LazyObject
from mmengine.optim import DefaultOptimWrapperConstructor
from mmengine.registry import (DATA_SAMPLERS, DATASETS, HOOKS, LOG_PROCESSORS,
                               LOOPS, MODELS, OPTIM_WRAPPER_CONSTRUCTORS,
                               OPTIM_WRAPPERS, OPTIMIZERS, PARAM_SCHEDULERS,
                               TRANSFORMS, VISBACKENDS, VISUALIZERS,
                               DefaultScope, Registry)
from mmengine.runner import (EpochBasedTrainLoop, IterBasedTrainLoop,
                             LogProcessor, Runner, TestLoop, ValLoop)
from torch.utils.data import DataLoader

__all__ = [
    'ConfigKeyError', 'RUNNER_KEYS', 'NEAR_MISS', 'accepted_arguments',
    'check_config'
]

#: A top-level file key this close (``difflib`` ratio) to a key the Runner
#: reads, but not equal to one, is taken for a misspelling of it. 0.85
#: catches a missing or extra letter in any Runner key (``train_cfgg``
#: 0.95, ``optim_wraper`` 0.96) and a wrong or swapped letter in keys of 7
#: letters or more (all but ``model`` and ``resume``), and keeps mmda's
#: helper variables apart (``test_loader_cfg`` vs ``test_dataloader`` is
#: 0.73).
NEAR_MISS = 0.85


class ConfigKeyError(ValueError):
    """A config holds keys that nothing reads; the message names each one
    and the nearest valid name."""


def _runner_keys() -> FrozenSet[str]:
    """Top-level keys that mmengine's Runner or mmda's tools read."""
    keys = set(inspect.signature(Runner.__init__).parameters)
    keys -= {'self', 'cfg'}
    # Read from ``runner.cfg`` outside ``__init__``: ``wrap_model`` and
    # ``_maybe_compile`` etc. (mmengine 0.10); ``custom_imports`` by
    # ``Config.fromfile``; ``target_dataloader`` by mmda's UDATrainLoop.
    keys |= {
        'model_wrapper_cfg', 'sync_bn', 'find_unused_parameters', 'compile',
        'activation_checkpointing', 'efficient_conv_bn_eval', 'custom_imports',
        'target_dataloader'
    }
    return frozenset(keys)


#: Top-level keys that are read: ``Runner.__init__``'s arguments plus the
#: few that mmengine and mmda read from the config elsewhere.
RUNNER_KEYS: FrozenSet[str] = _runner_keys()

# Keys of the untyped dicts the Runner reads (``setup_env``,
# ``set_randomness``, ``scale_lr``). ``None`` means any key (``dist_cfg``
# is passed on to ``torch.distributed.init_process_group``).
_ENV_CFG = {
    'cudnn_benchmark': (),
    'mp_cfg': ('mp_start_method', 'opencv_num_threads'),
    'dist_cfg': None,
    'resource_limit': (),
}
_AUTO_SCALE_LR = ('enable', 'base_batch_size')

# Keys that the Runner's builders take out of a dict before building it.
_HOOK_EXTRA = frozenset({'priority'})
_OPTIM_WRAPPER_EXTRA = frozenset({'constructor', 'paramwise_cfg'})
_SCHEDULER_EXTRA = frozenset({'convert_to_iter_based'})
_DATALOADER_EXTRA = frozenset({
    'dataset', 'sampler', 'batch_sampler', 'collate_fn', 'worker_init_fn',
    'num_batch_per_epoch', 'disable_subprocess_warning'
})
# Top-level keys that only training reads.
_TRAIN_ONLY = ('train_cfg', 'val_cfg', 'optim_wrapper', 'param_scheduler',
               'train_dataloader', 'val_dataloader', 'target_dataloader',
               'val_evaluator', 'auto_scale_lr')
# Registries searched for a string ``type`` in a dict that none of the
# walkers below knows (an override inside ``model``, a transform...).
_ANY_REGISTRY = (MODELS, TRANSFORMS, DATASETS, DATA_SAMPLERS, HOOKS, LOOPS,
                 OPTIMIZERS, OPTIM_WRAPPERS, PARAM_SCHEDULERS, VISUALIZERS,
                 VISBACKENDS)


def _checkpoint_hook_kwargs() -> Set[str]:
    # CheckpointHook hands its **kwargs to ``runner.save_checkpoint`` next
    # to the arguments it passes itself, so only the others are valid.
    passed = {
        'out_dir', 'filename', 'file_client_args', 'save_optimizer',
        'save_param_scheduler', 'meta', 'by_epoch', 'backend_args'
    }
    params = inspect.signature(Runner.save_checkpoint).parameters
    return set(params) - {'self'} - passed


# Classes (by qualified name, so that nothing is imported for them) whose
# **kwargs go somewhere other than a base class's __init__, with the names
# that are valid there.
_KWARGS_GO_ELSEWHERE: Dict[str, Callable[[], Set[str]]] = {
    'mmengine.hooks.checkpoint_hook.CheckpointHook': _checkpoint_hook_kwargs,
    # It takes **kwargs only to explain why it refuses every one of them.
    'mmda.engine.runner.shot_target_loop.SHOTTargetLoop': set,
}

# Functions that return the ``**kwargs`` dict they are given with the same
# keys, so ``super().__init__(**f(kwargs))`` still passes every key on
# (mmda's datasets build their pipeline in mmda's scope this way).
_KEY_PRESERVING = frozenset({'mmda.datasets.pipeline.build_transforms'})


@functools.lru_cache(maxsize=None)
def accepted_arguments(cls: Any) -> Optional[FrozenSet[str]]:
    """The keyword arguments that ``cls(...)`` accepts.

    ``**kwargs`` is followed up the MRO when ``__init__`` passes it on as
    ``super().__init__(..., **kwargs)`` and otherwise only adds defaults
    (``kwargs.setdefault``) or takes out named keys (``kwargs.pop('x')``),
    as read from its source with :mod:`ast`. A key that ``__init__`` also
    passes to the base by name is not valid through ``**kwargs`` (it would
    be given twice). ``_KWARGS_GO_ELSEWHERE`` lists the classes whose
    ``**kwargs`` go somewhere else, with the names valid there.

    Args:
        cls: A class (or any callable) from a config's ``type``.

    Returns:
        frozenset[str] | None: The names, or None when they cannot be known:
        ``cls`` takes ``**kwargs`` used in another way, or it has no
        signature. Such a class cannot be checked.
    """
    if not inspect.isclass(cls):
        return _function_arguments(cls)
    names: Set[str] = set()
    # Names that a subclass passes to its base by keyword itself.
    taken: Set[str] = set()
    for klass in cls.__mro__:
        if klass is object:
            break
        init = vars(klass).get('__init__')
        if init is None:
            continue
        try:
            params = list(inspect.signature(init).parameters.values())[1:]
        except (TypeError, ValueError):
            return None
        names |= {
            p.name
            for p in params
            if p.kind in (p.POSITIONAL_OR_KEYWORD,
                          p.KEYWORD_ONLY) and p.name not in taken
        }
        var_kw = [p.name for p in params if p.kind is p.VAR_KEYWORD]
        if not var_kw:
            return frozenset(names)
        elsewhere = _KWARGS_GO_ELSEWHERE.get(_qualname(klass))
        if elsewhere is not None:
            return frozenset(names | elsewhere())
        forwarded = _kwargs_forwarding(init, var_kw[0])
        if forwarded is None:
            return None
        popped, passed = forwarded
        names |= popped
        taken |= passed - names
    return frozenset(names)


def _qualname(obj: Any) -> str:
    return (f'{getattr(obj, "__module__", "")}.'
            f'{getattr(obj, "__qualname__", "")}')


def _function_arguments(func: Any) -> Optional[FrozenSet[str]]:
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return None
    return frozenset(
        p.name for p in params
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))


def _is_super_init(func: ast.expr) -> bool:
    return (isinstance(func, ast.Attribute) and func.attr == '__init__'
            and isinstance(func.value, ast.Call)
            and isinstance(func.value.func, ast.Name)
            and func.value.func.id == 'super')


def _kwargs_forwarding(init: Callable,
                       name: str) -> Optional[Tuple[Set[str], Set[str]]]:
    """How ``init`` uses its ``**name``, if it only hands it to
    ``super().__init__``.

    Returns:
        tuple[set[str], set[str]] | None: The keys it takes out itself
        (``name.pop('x')``) and the keywords the
        ``super().__init__`` call passes by name; None for any other use.
    """
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(init)))
    except (OSError, TypeError, SyntaxError):
        return None
    scope = getattr(init, '__globals__', {})

    def is_kwargs(node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id == name

    uses = [node for node in ast.walk(tree) if is_kwargs(node)]
    allowed: List[ast.AST] = []
    popped: Set[str] = set()
    passed: Set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if _is_super_init(func):
            for kw in node.keywords:
                value = kw.value
                if kw.arg is not None:
                    passed.add(kw.arg)
                elif is_kwargs(value):
                    allowed.append(value)
                elif (isinstance(value, ast.Call)
                      and isinstance(value.func, ast.Name)
                      and len(value.args) == 1 and not value.keywords
                      and is_kwargs(value.args[0])):
                    helper = scope.get(value.func.id)
                    if _qualname(helper) in _KEY_PRESERVING:
                        allowed.append(value.args[0])
        elif (isinstance(func, ast.Attribute) and is_kwargs(func.value)
              and func.attr in ('setdefault', 'pop', 'get') and node.args
              and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)):
            # setdefault and get leave the key to the base; pop takes it.
            allowed.append(func.value)
            if func.attr == 'pop':
                popped.add(node.args[0].value)
    if not allowed or len(allowed) != len(uses):
        return None
    return popped, passed


def _nearest(key: str, names: Iterable[str]) -> Optional[str]:
    close = difflib.get_close_matches(key, sorted(set(names)), n=1, cutoff=0.5)
    return close[0] if close else None


def _is_import(value: Any) -> bool:
    """Whether a top-level value is an import of a pure-Python config (a
    class, function or module), not a setting."""
    return (inspect.isclass(value) or inspect.isroutine(value)
            or inspect.ismodule(value) or isinstance(value, LazyObject))


class _Checker:
    """Walks one config and collects the unknown keys.

    Types resolve in the current default scope, which
    :func:`check_config` sets to the config's ``default_scope`` as the
    Runner does.

    Args:
        cfg (Config): The merged config.
    """

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.problems: Dict[str, str] = {}
        # Paths of the dicts the walkers judged (checked or uncheckable),
        # so the --cfg-options check does not judge them again.
        self.covered: Set[str] = set()

    # ----------------------------------------------------------- helpers
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

    def refuse(self, path: str, key: str, names: Iterable[str],
               what: str) -> None:
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
                self.component(hook, path, HOOKS, extra=_HOOK_EXTRA)
        for i, hook in enumerate(self.cfg.get('custom_hooks') or []):
            self.component(hook, f'custom_hooks.{i}', HOOKS, extra=_HOOK_EXTRA)
            if isinstance(hook, dict):
                # a hook's own loaders (PseudoLabelHook's, PreciseBN's)
                self._loop_loaders(hook, f'custom_hooks.{i}')

    def loops(self) -> None:
        self._train_loop(self.cfg.get('train_cfg'))
        for key, default in (('val_cfg', ValLoop), ('test_cfg', TestLoop)):
            loop = self.cfg.get(key)
            self.component(loop, key, LOOPS, default)
            if isinstance(loop, dict):
                self._loop_loaders(loop, key)

    def _train_loop(self, train_cfg: Any) -> None:
        if not isinstance(train_cfg, dict):
            return
        self._loop_loaders(train_cfg, 'train_cfg')
        if 'type' in train_cfg:
            self.component(train_cfg, 'train_cfg', LOOPS)
        elif 'by_epoch' in train_cfg:
            # The loop Runner.build_train_loop picks when there is no type.
            default = (
                EpochBasedTrainLoop
                if train_cfg['by_epoch'] else IterBasedTrainLoop)
            self.component(train_cfg, 'train_cfg', LOOPS, default,
                           ('by_epoch', ))
        else:
            self.covered.add('train_cfg')
            self.problems['train_cfg'] = (
                "train_cfg needs 'type' or 'by_epoch' (from which mmengine "
                'picks EpochBasedTrainLoop or IterBasedTrainLoop)')

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
                       'OptimWrapper', _OPTIM_WRAPPER_EXTRA)
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
                    scheduler, at, PARAM_SCHEDULERS, extra=_SCHEDULER_EXTRA)

    def dataloader(self, loader: Any, path: str) -> None:
        if not isinstance(loader, dict):
            return
        self.component(loader, path, None, DataLoader, _DATALOADER_EXTRA)
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
        randomness = inspect.signature(Runner.set_randomness).parameters
        self.schema(
            self.cfg.get('randomness'), 'randomness',
            dict.fromkeys(set(randomness) - {'self'}, ()),
            'Runner.set_randomness')
        self.schema(
            self.cfg.get('env_cfg'), 'env_cfg', _ENV_CFG, 'Runner.setup_env')
        self.schema(
            self.cfg.get('auto_scale_lr'), 'auto_scale_lr',
            dict.fromkeys(_AUTO_SCALE_LR, ()), 'Runner.scale_lr')

    def run(self) -> None:
        self.hooks()
        self.loops()
        self.optim_wrapper()
        self.schedulers()
        for key in ('train_dataloader', 'val_dataloader', 'test_dataloader',
                    'target_dataloader'):
            self.dataloader(self.cfg.get(key), key)
        self.runtime()

    # ------------------------------------------------------ --cfg-options
    def option(self, file_cfg: Config, key: str) -> None:
        """Check one ``--cfg-options`` key against the file's config."""
        parts = key.split('.')
        if parts[0] not in file_cfg:
            if parts[0] not in RUNNER_KEYS:
                names = RUNNER_KEYS | {
                    k
                    for k, v in file_cfg.items() if not _is_import(v)
                }
                self.refuse('', parts[0], names,
                            'not in the config and not read by the Runner')
            return
        if parts[0] not in RUNNER_KEYS:
            near = [
                p for p in _leaf_paths(self.cfg.to_dict()) if
                p.endswith(f'.{parts[-1]}') and p.split('.')[0] in RUNNER_KEYS
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
                    self.problems.setdefault(
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
            if path in self.covered:
                return  # judged by the walkers on the merged config
            if any(p.endswith('_cfg') for p in parts[1:i]):
                # By OpenMMLab's convention a ``*_cfg`` dict goes to a
                # builder function that may take keys out itself
                # (``build_norm_layer`` takes ``requires_grad``).
                return
            if 'type' in node:
                cls = self._any_class(node['type'])
                accepted = accepted_arguments(cls) if cls else None
                if accepted is not None:
                    valid = accepted | set(node)
                    if part not in valid:
                        name = getattr(cls, '__name__', repr(cls))
                        self.refuse(path, part, valid,
                                    f'not an argument of {name}')
                return
            if typed:
                return  # inside a component's argument: its shape is free
            self.refuse(path, part, node, f"'{path}' has no such key")
            return

    def _any_class(self, type_: Any) -> Any:
        if not isinstance(type_, str):
            return self.resolve(type_, MODELS)
        for registry in _ANY_REGISTRY:
            cls = self.resolve(type_, registry)
            if cls is not None:
                return cls
        return None

    # ---------------------------------------------------- top-level keys
    def near_misses(self, file_cfg: Config) -> None:
        """Refuse file keys that nothing reads but that are misspellings
        of keys the Runner reads."""
        for key, value in file_cfg.items():
            if key in RUNNER_KEYS or _is_import(value):
                continue
            close = difflib.get_close_matches(
                key, sorted(RUNNER_KEYS), n=1, cutoff=NEAR_MISS)
            if close and not _used_elsewhere(file_cfg, key):
                self.problems.setdefault(
                    key, f"unknown key '{key}': nothing reads it; did you "
                    f"mean '{close[0]}'?")


def _used_elsewhere(cfg: Config, key: str) -> bool:
    """Whether the file uses top-level ``key``'s value under another key.

    A helper variable exists to be used: SHOT's ``label_dataloader`` is
    copied into ``train_cfg``. A misspelt ``train_cfgg`` is used nowhere.
    Only a non-empty dict or list counts: equal scalars are a coincidence.
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
        if name != key and not _is_import(other))


def _leaf_paths(cfg: Any, prefix: str = '') -> List[str]:
    paths = []
    items = (
        cfg.items() if isinstance(cfg, dict) else
        enumerate(cfg) if isinstance(cfg, (list, tuple)) else ())
    for key, value in items:
        path = f'{prefix}.{key}' if prefix else str(key)
        paths.append(path)
        paths += _leaf_paths(value, path)
    return paths


def check_config(cfg: Config,
                 cfg_options: Optional[Dict[str, Any]] = None,
                 stage: str = 'train') -> None:
    """Refuse keys of ``cfg`` and ``cfg_options`` that nothing reads.

    Call it after loading the file and before merging ``--cfg-options``
    into it: the options are checked against the file's keys, and then the
    merged config (a copy) is checked. See the module docstring for the
    rules. Needs mmda's modules registered (``register_all_modules``).

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
        checker = _Checker(merged)
        checker.near_misses(cfg)
        checker.run()
        for key in cfg_options:
            checker.option(cfg, key)
    problems = checker.problems
    if stage == 'test':
        problems = {
            path: text
            for path, text in problems.items()
            if path.split('.')[0] not in _TRAIN_ONLY
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
