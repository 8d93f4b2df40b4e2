# Copyright (c) mmda contributors. All rights reserved.
import ast
import importlib.util
import itertools
import os.path as osp
from typing import Iterator, Optional, Set

from mmengine.config import Config
from mmengine.utils import import_modules_from_strings


def load_config(path: str) -> Config:
    """``Config.fromfile`` whose syntax errors name the file.

    mmengine parses pure-Python configs (and their ``read_base()`` imports)
    with ``ast.parse`` and no file name, so a syntax error is reported in
    file ``"<unknown>"``; so is one in an old-style ``_base_`` file. This
    finds the file among ``path`` and the configs it imports or names as
    ``_base_``, and raises the error with its file and line. The modules
    named by ``custom_imports`` are imported, as mmengine does for
    old-style configs only.

    Args:
        path (str): The config file.

    Returns:
        Config: The loaded config.
    """
    try:
        cfg = Config.fromfile(path)
    except SyntaxError as e:
        if e.filename not in (None, '<unknown>'):
            raise
        found = _first_syntax_error(osp.abspath(path), set())
        if found is None:
            raise
        raise found from e
    import_custom_modules(cfg)
    return cfg


def import_custom_modules(cfg: Config) -> None:
    """Import the modules of the config's ``custom_imports``
    (``dict(imports=[...], allow_failed_imports=False)``), so that their
    classes are registered before the config is checked and built.

    mmengine's ``Config.fromfile`` does so for old-style configs but not
    for pure-Python (``read_base``) ones, whose ``custom_imports`` were
    accepted and then never imported. Importing twice is harmless.
    """
    custom = cfg.get('custom_imports')
    if not custom:
        return
    if not isinstance(custom, dict) or 'imports' not in custom:
        raise TypeError('custom_imports must be dict(imports=[module, ...], '
                        f'allow_failed_imports=False), got {custom!r}')
    import_modules_from_strings(**custom)


def _first_syntax_error(path: str, seen: Set[str]) -> Optional[SyntaxError]:
    """The syntax error of ``path`` or of a config it imports in a
    ``read_base()`` block, with its file name; None if all parse."""
    if path in seen:
        return None
    seen.add(path)
    with open(path, encoding='utf-8') as f:
        source = f.read()
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as e:
        e.msg = f'in config {path}: {e.msg}'
        return e
    for base in itertools.chain(
            _read_base_imports(tree, path), _old_style_bases(tree, path)):
        found = _first_syntax_error(base, seen)
        if found is not None:
            return found
    return None


def _read_base_imports(tree: ast.Module, path: str) -> Iterator[str]:
    """Files of the modules imported inside ``with read_base():``."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.With):
            continue
        for statement in node.body:
            if not isinstance(statement, ast.ImportFrom):
                continue
            module = statement.module or ''
            if statement.level:
                folder = osp.dirname(path)
                for _ in range(statement.level - 1):
                    folder = osp.dirname(folder)
                candidate = osp.join(folder, *module.split('.')) + '.py'
            else:
                try:
                    spec = importlib.util.find_spec(module)
                except (ImportError, ValueError):
                    spec = None
                candidate = spec.origin if spec else None
            if candidate and osp.isfile(candidate):
                yield candidate


def _old_style_bases(tree: ast.Module, path: str) -> Iterator[str]:
    """Files named by an old-style ``_base_ = 'a.py'`` or ``[...]``,
    relative to ``path`` (package paths such as ``'mmpretrain::...'`` are
    mmengine's to resolve)."""
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == '_base_'
                for t in node.targets)):
            continue
        try:
            bases = ast.literal_eval(node.value)
        except ValueError:
            continue
        for base in [bases] if isinstance(bases, str) else bases:
            if isinstance(base, str) and '::' not in base:
                candidate = osp.join(osp.dirname(path), base)
                if osp.isfile(candidate):
                    yield osp.abspath(candidate)
