# Copyright (c) mmda contributors. All rights reserved.
"""Reach the model a runner trains, and the layers of one type in it."""
from typing import List, Type, TypeVar

from mmengine.model import is_model_wrapper
from torch import nn

LayerT = TypeVar('LayerT', bound=nn.Module)


def unwrap_model(model: nn.Module) -> nn.Module:
    """The model inside a DDP (or other mmengine) wrapper, else ``model``."""
    return model.module if is_model_wrapper(model) else model


def find_layers(runner, layer_type: Type[LayerT],
                hook_name: str) -> List[LayerT]:
    """All modules of ``layer_type`` in the (unwrapped) model.

    Raises:
        RuntimeError: If there are none: a hook configured for layers the
        model lacks would silently do nothing.
    """
    model = unwrap_model(runner.model)
    layers = [m for m in model.modules() if isinstance(m, layer_type)]
    if not layers:
        raise RuntimeError(
            f'{hook_name} is configured but the model has no '
            f'{layer_type.__name__}; remove the hook or insert the layer '
            "(e.g. with type='mmda.PluggedModel')")
    return layers
