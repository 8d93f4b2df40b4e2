# Copyright (c) mmda contributors. All rights reserved.
from mmengine.model import is_model_wrapper
from torch import nn


def unwrap_model(model: nn.Module) -> nn.Module:
    """The model inside a DDP (or other mmengine) wrapper, else ``model``."""
    return model.module if is_model_wrapper(model) else model
