# Copyright (c) mmda contributors. All rights reserved.
"""Find the layers of one type in a runner's model."""
from typing import List, Type, TypeVar

from mmpretrain.utils import get_ori_model
from torch import nn

LayerT = TypeVar('LayerT', bound=nn.Module)


def find_layers(runner, layer_type: Type[LayerT],
                hook_name: str) -> List[LayerT]:
    """All modules of ``layer_type`` in the (unwrapped) model.

    Raises:
        RuntimeError: If there are none: a hook configured for layers the
        model lacks would silently do nothing.
    """
    model = get_ori_model(runner.model)
    layers = [m for m in model.modules() if isinstance(m, layer_type)]
    if not layers:
        raise RuntimeError(
            f'{hook_name} is configured but the model has no '
            f'{layer_type.__name__}; remove the hook or insert the layer '
            "(e.g. with type='mmda.PluggedModel')")
    return layers
