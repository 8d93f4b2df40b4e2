# Copyright (c) mmda contributors. All rights reserved.
"""The keyword arguments a class accepts: its signature, and where its
``**kwargs`` go, read from its source with :mod:`ast`."""
import ast
import functools
import inspect
import textwrap
from typing import Any, Callable, FrozenSet, List, Optional, Set

from mmengine.runner import Runner


@functools.lru_cache(maxsize=None)
def accepted_arguments(cls: Any) -> Optional[FrozenSet[str]]:
    """The keyword arguments that ``cls(...)`` accepts.

    The arguments of ``__init__``, and, when it takes ``**kwargs``, the
    keys they may hold, as read from its source with :mod:`ast`:

    * passed on as ``super().__init__(..., **kwargs)`` (also through a
      helper that returns the dict it is given, such as mmda's
      ``build_transforms``) while ``__init__`` only adds defaults
      (``kwargs.setdefault``) or takes named keys out (``kwargs.pop('x')``):
      the base class's arguments, up the MRO. A key that ``__init__``
      passes to the base by name itself is not valid (it would be given
      twice);
    * refused when any is left (``if kwargs: raise ...``): only the keys
      taken out before;
    * kept as ``self.x = kwargs`` and spread into a call of the runner
      (``runner.save_checkpoint(..., **self.x)``, as ``CheckpointHook``
      does): the arguments of that ``Runner`` method that the call does not
      pass itself.

    Args:
        cls (Any): A class (or any callable) from a config's ``type``.

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
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(init)))
        except (OSError, TypeError, SyntaxError):
            return None
        uses = _KwargsUses(tree, var_kw[0], getattr(init, '__globals__', {}))
        if uses.refused:
            return frozenset(names | uses.popped)
        stored = _stored_for_runner(klass, tree, var_kw[0])
        if stored is not None:
            return frozenset(names | stored)
        if not uses.only_forwarded:
            return None
        names |= uses.popped
        taken |= uses.passed - names
    return frozenset(names)


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


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _is_super_init(func: ast.expr) -> bool:
    return (isinstance(func, ast.Attribute) and func.attr == '__init__'
            and isinstance(func.value, ast.Call)
            and isinstance(func.value.func, ast.Name)
            and func.value.func.id == 'super')


class _KwargsUses:
    """How an ``__init__`` uses its ``**name``.

    Attributes:
        popped (set[str]): Keys it takes out itself (``name.pop('x')``).
        passed (set[str]): Keywords its ``super().__init__`` call passes by
            name.
        only_forwarded (bool): Every use is ``super().__init__(**name)``
            (directly or through a helper that returns the dict it is
            given) or ``name.get/setdefault/pop('x')``.
        refused (bool): Its body refuses a non-empty ``name``
            (``if name: raise ...``).
    """

    def __init__(self, tree: ast.AST, name: str, scope: dict) -> None:
        uses = [node for node in ast.walk(tree) if _is_name(node, name)]
        allowed: List[ast.AST] = []
        self.popped: Set[str] = set()
        self.passed: Set[str] = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if _is_super_init(func):
                for kw in node.keywords:
                    value = kw.value
                    if kw.arg is not None:
                        self.passed.add(kw.arg)
                    elif _is_name(value, name):
                        allowed.append(value)
                    elif (isinstance(value, ast.Call)
                          and isinstance(value.func, ast.Name)
                          and len(value.args) == 1 and not value.keywords
                          and _is_name(value.args[0], name)
                          and _returns_its_argument(scope.get(value.func.id))):
                        allowed.append(value.args[0])
            elif (isinstance(func, ast.Attribute)
                  and _is_name(func.value, name)
                  and func.attr in ('setdefault', 'pop', 'get') and node.args
                  and isinstance(node.args[0], ast.Constant)
                  and isinstance(node.args[0].value, str)):
                # setdefault and get leave the key to the base; pop takes it.
                allowed.append(func.value)
                if func.attr == 'pop':
                    self.popped.add(node.args[0].value)
        self.only_forwarded = bool(allowed) and len(allowed) == len(uses)
        body = tree.body[0].body if tree.body else []
        self.refused = any(
            isinstance(stmt, ast.If) and _is_name(stmt.test, name) and all(
                isinstance(s, ast.Raise) for s in stmt.body) for stmt in body)


@functools.lru_cache(maxsize=None)
def _returns_its_argument(func: Optional[Callable]) -> bool:
    """Whether ``func(d)`` returns ``d`` itself with no key taken out, as
    mmda's ``build_transforms`` does (it builds ``d['pipeline']`` in mmda's
    scope), so ``super().__init__(**func(kwargs))`` passes every key on."""
    if not inspect.isfunction(func):
        return False
    params = list(inspect.signature(func).parameters)
    if len(params) != 1:
        return False
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    except (OSError, TypeError, SyntaxError):
        return False
    name = params[0]
    returns = [n for n in ast.walk(tree) if isinstance(n, ast.Return)]
    if not returns or not all(_is_name(r.value, name) for r in returns):
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Delete) or (
                isinstance(node, ast.Attribute) and _is_name(node.value, name)
                and node.attr in ('pop', 'popitem', 'clear')):
            return False
    return True


def _stored_for_runner(klass: type, init: ast.AST,
                       name: str) -> Optional[Set[str]]:
    """The keys valid in ``**name`` when ``__init__`` only stores it as
    ``self.x = name`` and the class spreads ``self.x`` into a call of a
    ``Runner`` method (``runner.save_checkpoint(..., **self.x)``); None
    otherwise."""
    uses = [node for node in ast.walk(init) if _is_name(node, name)]
    stores = [
        node for node in ast.walk(init)
        if isinstance(node, ast.Assign) and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Attribute) and _is_name(
            node.targets[0].value, 'self') and _is_name(node.value, name)
    ]
    if len(uses) != 1 or len(stores) != 1:
        return None
    attr = stores[0].targets[0].attr
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
    except (OSError, TypeError, SyntaxError):
        return None
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        spread = [
            kw for kw in call.keywords
            if kw.arg is None and isinstance(kw.value, ast.Attribute)
            and kw.value.attr == attr and _is_name(kw.value.value, 'self')
        ]
        func = call.func
        # A hook's methods are given the runner as ``runner``.
        if not (spread and isinstance(func, ast.Attribute)
                and _is_name(func.value, 'runner')):
            continue
        method = getattr(Runner, func.attr, None)
        if method is None:
            return None
        params = [
            p for p in list(inspect.signature(method).parameters.values())[1:]
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        ]
        given = {kw.arg for kw in call.keywords if kw.arg is not None}
        return {p.name for p in params[len(call.args):]} - given
    return None
