# Copyright (c) mmda contributors. All rights reserved.
"""Look up a submodule by its dotted path, with a helpful error."""
import difflib

from torch import nn


def get_module(model: nn.Module, path: str, what: str = 'plugin') -> nn.Module:
    """Return ``model``'s submodule at ``path`` (``''`` is the model).

    Args:
        model (nn.Module): The model to search.
        path (str): Dotted path, as in ``model.named_modules()``, e.g.
            ``'backbone.layer1'``.
        what (str): Who is asking; named in the error.

    Raises:
        KeyError: If there is no such module; the message lists the
        nearest valid paths.
    """
    if not isinstance(path, str):
        raise TypeError(f'{what}: the module path must be a string like '
                        f"'backbone.layer1', got {path!r}")
    try:
        return model.get_submodule(path)
    except AttributeError:
        names = [name for name, _ in model.named_modules() if name]
        close = difflib.get_close_matches(path, names, n=5, cutoff=0.4)
        if not close:
            close = [n for n in names if '.' not in n]
        raise KeyError(
            f'{what}: {type(model).__name__} has no module at path '
            f'{path!r}; nearest valid paths: {", ".join(close)}') from None
