# Copyright (c) mmda contributors. All rights reserved.
import ast
import importlib.util
import os.path as osp
from typing import Iterator, Optional, Set

from mmengine.config import Config


def load_config(path: str) -> Config:
    """``Config.fromfile`` whose syntax errors name the file.

    mmengine parses pure-Python configs (and their ``read_base()`` imports)
    with ``ast.parse`` and no file name, so a syntax error is reported in
    file ``"<unknown>"``. This finds the file among ``path`` and the configs
    it imports, and raises the error with its file and line.

    Args:
        path (str): The config file.

    Returns:
        Config: The loaded config.
    """
    try:
        return Config.fromfile(path)
    except SyntaxError as e:
        if e.filename not in (None, '<unknown>'):
            raise
        found = _first_syntax_error(osp.abspath(path), set())
        if found is None:
            raise
        raise found from e


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
    for base in _read_base_imports(tree, path):
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
