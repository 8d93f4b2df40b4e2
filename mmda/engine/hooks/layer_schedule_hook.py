# Copyright (c) mmda contributors. All rights reserved.
"""The shape of mmda's schedule hooks: find the layers of one type, set an
attribute on them before each training iteration, log the value."""
from abc import ABCMeta, abstractmethod
from typing import Any, List, Type

from mmengine.hooks import Hook
from torch import nn

from .model_layers import find_layers


class LayerScheduleHook(Hook, metaclass=ABCMeta):
    """Base of the hooks that drive a plug-in from the training progress.

    Subclasses set ``layer_type`` and ``log_name`` and define
    :meth:`value` (computed from the runner's iteration, epoch or seed
    only, so a resumed run and every rank compute the same) and, if
    setting one attribute is not enough, :meth:`apply`. Training stops at
    ``before_train`` if the model has no such layer: the hook would
    silently do nothing.
    """

    priority = 'NORMAL'
    #: The layers this hook drives.
    layer_type: Type[nn.Module] = nn.Module
    #: Attribute of each layer set to :meth:`value` by :meth:`apply`.
    attribute: str = ''
    #: Logged as ``train/{log_name}``.
    log_name: str = ''

    def before_train(self, runner) -> None:
        self._layers: List[nn.Module] = find_layers(runner, self.layer_type,
                                                    type(self).__name__)

    def before_train_iter(self,
                          runner,
                          batch_idx: int,
                          data_batch=None) -> None:
        value = self.value(runner)
        logged = self.apply(self._layers, value)
        runner.message_hub.update_scalar(f'train/{self.log_name}', logged)

    @abstractmethod
    def value(self, runner) -> Any:
        """The value for the coming iteration."""

    def apply(self, layers: List[nn.Module], value: Any) -> float:
        """Set ``value`` on ``layers``; return the number to log."""
        for layer in layers:
            setattr(layer, self.attribute, value)
        return value
