# Copyright (c) mmda contributors. All rights reserved.
"""The config keys that code reads, found in its source with :mod:`ast`.

mmengine's builders and Runner take keys out of a config dict by name
(``dataloader_cfg.pop('sampler')``, ``self.cfg.get('sync_bn')``) instead
of declaring them in a signature. Reading those names from the installed
source keeps the checker in step with the mmengine version in use and with
mmda's own loops, with no list to maintain.
"""
import ast
import functools
import inspect
import textwrap
from typing import Any, Dict, FrozenSet, NamedTuple, Optional, Set, Tuple

#: Calls that return a copy of the dict they are given (an alias to
#: follow): ``copy.deepcopy(x)``, ``copy.copy(x)``, ``dict(x)``.
_COPIES = frozenset({'deepcopy', 'copy', 'dict'})


class DictReads(NamedTuple):
    """What a function reads from one of its dict arguments.

    Attributes:
        popped (frozenset[str]): The keys it takes out (``d.pop('k')``)
            before building something from the rest.
        schema (dict[str, tuple[str, ...] | None]): Every key it reads
            (``d.get('k')``, ``d['k']``, ``'k' in d``, ``d.pop('k')``),
            mapped to the keys it reads in turn from that value: ``()``
            when it reads none, ``None`` when it passes the value on as
            ``**value`` to a callable that takes any keyword.
    """
    popped: FrozenSet[str]
    schema: Dict[str, Optional[Tuple[str, ...]]]


def _parse(obj: Any) -> ast.AST:
    return ast.parse(textwrap.dedent(inspect.getsource(obj)))


def _const_key(node: Optional[ast.AST]) -> Optional[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _key_reads(node: ast.AST) -> Optional[Tuple[ast.AST, str, bool]]:
    """``(receiver, key, popped)`` when ``node`` reads a constant key."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr in ('get', 'pop', 'setdefault') and node.args:
        key = _const_key(node.args[0])
        if key is not None:
            return node.func.value, key, node.func.attr == 'pop'
    elif isinstance(node, ast.Subscript):
        key = _const_key(node.slice)
        if key is not None:
            return node.value, key, False
    elif (isinstance(node, ast.Compare) and len(node.ops) == 1
          and isinstance(node.ops[0], (ast.In, ast.NotIn))):
        key = _const_key(node.left)
        if key is not None:
            return node.comparators[0], key, False
    return None


def _assignments(tree: ast.AST):
    """``(name, value)`` for each ``name = value`` (also annotated)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            yield target.id, value


def _is_name(node: ast.AST, names: Set[str]) -> bool:
    return isinstance(node, ast.Name) and node.id in names


def _copy_of(value: ast.AST, names: Set[str]) -> bool:
    """Whether ``value`` is one of ``names`` or a copy of it."""
    if _is_name(value, names):
        return True
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    callee = (
        func.attr if isinstance(func, ast.Attribute) else
        func.id if isinstance(func, ast.Name) else None)
    if callee not in _COPIES:
        return False
    if len(value.args) == 1 and _is_name(value.args[0], names):
        return True  # copy.deepcopy(x), dict(x)
    return (isinstance(func, ast.Attribute) and not value.args
            and _is_name(func.value, names))  # x.copy()


def _spread_keys(call: ast.Call,
                 scope: Dict[str, Any]) -> Optional[Tuple[str, ...]]:
    """The keywords that ``**value`` may hold in ``call``: the callee's
    arguments less those the call passes itself; None for any."""
    func = call.func
    callee = scope.get(func.id) if isinstance(func, ast.Name) else None
    try:
        params = list(inspect.signature(callee).parameters.values())
    except (TypeError, ValueError):
        return None
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return None
    given = {kw.arg for kw in call.keywords if kw.arg is not None}
    named = [
        p.name for p in params
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]
    return tuple(sorted(set(named[len(call.args):]) - given))


@functools.lru_cache(maxsize=None)
def dict_reads(func: Any, param: Optional[str] = None) -> DictReads:
    """The keys that ``func`` reads from its argument ``param``.

    The argument is followed through copies (``x = copy.deepcopy(param)``,
    ``param.copy()``, ``dict(param)``), and one level down through values
    bound to a name (``mp_cfg = env_cfg.get('mp_cfg', {})``): what is read
    from that name, or, when it is passed on as ``f(**mp_cfg)``, the
    arguments of ``f``.

    Args:
        func (Callable): A function or method with a source file.
        param (str, optional): The argument's name. Defaults to the first
            argument after ``self``.

    Returns:
        DictReads: The keys taken out and the keys read.
    """
    tree = _parse(func)
    if param is None:
        names = [n for n in inspect.signature(func).parameters if n != 'self']
        param = names[0]
    aliases = {param}
    values: Dict[str, str] = {}  # name -> the key its value was read from
    assigned = list(_assignments(tree))
    for name, value in assigned:  # in source order: copies chain
        if _copy_of(value, aliases):
            aliases.add(name)
        else:
            read = _key_reads(value)
            if read is not None and _is_name(read[0], aliases):
                values[name] = read[1]
    popped: Set[str] = set()
    schema: Dict[str, Optional[Set[str]]] = {}
    for node in ast.walk(tree):
        read = _key_reads(node)
        if read is not None and _is_name(read[0], aliases):
            schema.setdefault(read[1], set())
            if read[2]:
                popped.add(read[1])
    scope = getattr(func, '__globals__', {})
    for node in ast.walk(tree):
        read = _key_reads(node)
        if read is not None and _is_name(read[0], set(values)):
            sub = schema.setdefault(values[read[0].id], set())
            if sub is not None:
                sub.add(read[1])
        if not isinstance(node, ast.Call):
            continue
        for kw in node.keywords:
            if kw.arg is None and _is_name(kw.value, set(values)):
                key = values[kw.value.id]
                spread = _spread_keys(node, scope)
                sub = schema.get(key, set())
                schema[key] = (None if spread is None or sub is None else sub
                               | set(spread))
    return DictReads(
        frozenset(popped), {
            key: None if sub is None else tuple(sorted(sub))
            for key, sub in schema.items()
        })


def _is_cfg(node: ast.AST, names: Set[str]) -> bool:
    """Whether ``node`` is a config object: ``<x>.cfg`` or a name bound to
    it in the same function."""
    return ((isinstance(node, ast.Attribute) and node.attr == 'cfg')
            or _is_name(node, names))


def _bound_to_cfg(value: ast.AST, names: Set[str]) -> bool:
    if _is_cfg(value, names):
        return True
    # getattr(runner, 'cfg', None)
    return (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
            and value.func.id == 'getattr' and len(value.args) >= 2
            and _const_key(value.args[1]) == 'cfg')


@functools.lru_cache(maxsize=None)
def cfg_keys_read(obj: Any) -> FrozenSet[str]:
    """The top-level config keys that the code of ``obj`` reads from a
    runner's ``cfg``.

    A read is ``<x>.cfg.get('k')``, ``<x>.cfg['k']`` or ``'k' in
    <x>.cfg``, also through a name bound in the same function to
    ``<x>.cfg`` or ``getattr(<x>, 'cfg', ...)``.

    Args:
        obj (type | module): A class or module with a source file.

    Returns:
        frozenset[str]: The keys (empty when the source is unavailable).
    """
    try:
        tree = _parse(obj)
    except (OSError, TypeError):
        return frozenset()
    keys: Set[str] = set()
    functions = [
        node for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    for function in functions:
        names: Set[str] = set()
        for name, value in _assignments(function):
            if _bound_to_cfg(value, names):
                names.add(name)
        for node in ast.walk(function):
            read = _key_reads(node)
            if read is not None and _is_cfg(read[0], names):
                keys.add(read[1])
    return frozenset(keys)
