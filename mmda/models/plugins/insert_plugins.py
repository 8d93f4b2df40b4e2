# Copyright (c) mmda contributors. All rights reserved.
"""Insert layers at named places of a built model, without editing its
class.

Each plugin layer becomes a child of the model (under ``mmda_plugins``, so
its parameters are trained, saved and loaded with the model's) and is
called by a forward hook (``'after'``: on the output) or a forward
pre-hook (``'before'``: on the first input) of the module at ``path``. The
model's own modules and state-dict keys are unchanged, so pretrained
weights still load into them.

A plugin that needs more than the tensor (RSC needs the labels) may define

- ``attach(model, path)``: called once at insertion, e.g. to check paths;
- ``before_model_forward(model, args, kwargs)`` and
  ``after_model_forward(model)``: called around every forward of the whole
  model, e.g. to read ``data_samples``.

Labels reach a plugin through the protocol of :mod:`.plugin_labels`.
"""
from functools import partial
from typing import List, Optional, Sequence, Union

from torch import nn

from mmda.registry import MODELS
from .module_path import get_module

PLUGINS_ATTR = 'mmda_plugins'
POSITIONS = ('after', 'before')


def insert_plugins(model: nn.Module, plugins: Sequence[dict]) -> nn.Module:
    """Insert plugin layers into ``model`` in place.

    Call it before the optimiser and any DDP wrapper are built (the
    ``PluggedModel`` builder does, as the Runner builds the model).

    Args:
        model (nn.Module): A built model.
        plugins (Sequence[dict]): Each with ``path`` (dotted module path,
            as in ``model.named_modules()``), ``layer`` (a config built in
            mmda's MODELS, or a module) and optionally ``position``
            (``'after'``, the default, or ``'before'``).

    Returns:
        nn.Module: ``model``, with the layers inserted.

    Example:
        >>> insert_plugins(model, [
        ...     dict(path=f'backbone.layer{i}', layer=dict(
        ...         type='mmda.CNSN', channels=c))
        ...     for i, c in enumerate((64, 128, 256, 512), 1)])
    """
    container = _container(model)
    for index, plugin in enumerate(plugins):
        where = f'plugins[{index}]'
        if not isinstance(plugin, dict) or 'path' not in plugin or (
                'layer' not in plugin):
            raise ValueError(f'{where}: expected dict(path=..., layer=..., '
                             f"position='after'|'before'), got {plugin!r}")
        unknown = set(plugin) - {'path', 'layer', 'position'}
        if unknown:
            raise ValueError(f'{where}: unknown keys {sorted(unknown)}; '
                             'expected path, layer, position')
        path, position = plugin['path'], plugin.get('position', 'after')
        if position not in POSITIONS:
            raise ValueError(f'{where} at {path!r}: position must be one of '
                             f'{POSITIONS}, got {position!r}')
        target = get_module(model, path, where)
        layer = plugin['layer']
        if not isinstance(layer, nn.Module):
            layer = MODELS.build(layer)
        label = f'{type(layer).__name__} {position} {path!r}'
        key = _unique_key(container, f'{path or "model"}.{position}')
        container.add_module(key, layer)
        if hasattr(layer, 'attach'):
            layer.attach(model, path)
        if position == 'after':
            target.register_forward_hook(partial(_after, layer, label))
        else:
            target.register_forward_pre_hook(partial(_before, layer, label))
        if hasattr(layer, 'before_model_forward'):
            model.register_forward_pre_hook(
                partial(_model_pre, layer), with_kwargs=True)
            model.register_forward_hook(
                partial(_model_post, layer), always_call=True)
    return model


def plugin_layers(model: nn.Module) -> List[nn.Module]:
    """The layers inserted into ``model`` by :func:`insert_plugins`."""
    container = getattr(model, PLUGINS_ATTR, None)
    return [] if container is None else list(container.values())


def _container(model: nn.Module) -> nn.ModuleDict:
    container: Optional[Union[nn.Module,
                              object]] = getattr(model, PLUGINS_ATTR, None)
    if container is None:
        container = nn.ModuleDict()
        model.add_module(PLUGINS_ATTR, container)
    elif not isinstance(container, nn.ModuleDict):
        raise TypeError(f'{type(model).__name__} already has an attribute '
                        f'{PLUGINS_ATTR!r}; plugins cannot be inserted')
    return container


def _unique_key(container: nn.ModuleDict, name: str) -> str:
    # ModuleDict keys may not contain dots.
    base = name.replace('.', '_')
    key, n = base, 1
    while key in container:
        key, n = f'{base}{n}', n + 1
    return key


def _call(layer: nn.Module, label: str, x):
    try:
        return layer(x)
    except (ValueError, TypeError) as e:
        raise type(e)(f'plugin {label}: {e}') from e


def _after(layer: nn.Module, label: str, module: nn.Module, args, output):
    return _call(layer, label, output)


def _before(layer: nn.Module, label: str, module: nn.Module, args):
    if not args:
        raise TypeError(f'plugin {label}: the module was called without '
                        'positional inputs to transform')
    return (_call(layer, label, args[0]), *args[1:])


def _model_pre(layer: nn.Module, model: nn.Module, args, kwargs):
    layer.before_model_forward(model, args, kwargs)


def _model_post(layer: nn.Module, model: nn.Module, args, output):
    layer.after_model_forward(model)
