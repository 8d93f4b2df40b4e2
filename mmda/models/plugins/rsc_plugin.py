# Copyright (c) mmda contributors. All rights reserved.
"""What lets :func:`insert_plugins` attach RSC to a model.

RSC (:mod:`mmda.models.layers.rsc`) needs, besides its input features, the
labels of the rows and the part of the network above it (the head, which
maps the features to logits). :class:`RSCPlugin` gets both through the
protocol of :mod:`.insert_plugins`:

- the head is resolved once, by :meth:`RSCPlugin.attach` at insertion, and
  kept in a plain tuple: its modules are not registered a second time, so
  the model's ``state_dict`` keys are those of the model without RSC, and a
  ``copy.deepcopy`` of the model (EMA) calls the copy's own head;
- the labels come through :mod:`.plugin_labels`: announced by an mmda
  model, or read from the ``data_samples`` of a stock classifier's
  training ``mode='loss'`` forward by :meth:`RSCPlugin.before_model_forward`.

The layer reads nothing else from the model or from global state; the
per-iteration schedule is set on it by hooks (``RSCBatchPercentHook``,
``RSCSpatialChoiceHook``).
"""
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional, Sequence, Tuple

from torch import Tensor, nn

from .module_path import get_module
from .plugin_labels import labels_of_samples


class RSCPlugin:
    """Mixin of a layer that needs the labels and the head of the model it
    is inserted in (RSC).

    The layer sets ``head`` (the dotted paths of the head's modules, in
    calling order) in its ``__init__``.
    """

    #: The plug-in label protocol (mmda.models.plugins.plugin_labels).
    needs_labels = True
    #: Paths of the head's modules in the model; set by the layer.
    head: Tuple[str, ...] = ()
    #: The layer and its place, for messages; set at insertion.
    where = 'RSC'
    #: The head's modules, resolved at insertion (a tuple, so that
    #: ``nn.Module`` does not register them as children of the layer).
    head_modules: Tuple[nn.Module, ...] = ()
    # The model whose forward is in progress (its class name only), the
    # labels of the coming passes and whether any pass of this forward had
    # labelled rows.
    _model_name: Optional[str] = None
    _labels: Optional[Tensor] = None
    _labelled_pass = False

    def attach(self, model: nn.Module, path: str) -> None:
        """Resolve the head's modules in ``model`` (called once, by
        :func:`insert_plugins`)."""
        self.where = f'{type(self).__name__} at {path!r}'
        self.head_modules = tuple(
            get_module(model, head_path, f'{self.where}: head')
            for head_path in self.head)

    def before_model_forward(self, model: nn.Module, args: tuple,
                             kwargs: dict) -> None:
        """Start a forward of the whole model; for a model that does not
        announce labels itself, take those of a training ``mode='loss'``
        forward from its ``data_samples``."""
        self._model_name = type(model).__name__
        self._labels, self._labelled_pass = None, False
        mode = kwargs.get('mode', args[2] if len(args) > 2 else 'tensor')
        if not (model.training and mode == 'loss') or getattr(
                model, 'announces_plugin_labels', False):
            return
        samples = kwargs.get('data_samples',
                             args[1] if len(args) > 1 else None)
        self.set_labels(labels_of_samples(samples))

    def after_model_forward(self, model: nn.Module) -> None:
        self._model_name, self._labels = None, None

    def set_labels(self, labels: Optional[Tensor]) -> None:
        """Labels of the first rows of the next passes (None: none)."""
        self._labels = labels
        self._labelled_pass |= labels is not None

    def pass_labels(self) -> Optional[Tensor]:
        """The labels of the first rows of the pass in progress; None for a
        pass of unlabelled rows (a UDA target pass), which RSC leaves
        untouched.

        Raises:
            RuntimeError: Outside a forward of the model the layer was
                inserted in, or if that forward announced no labels at all.
        """
        if self._model_name is None:
            raise RuntimeError(
                f'{self.where} acts in training forwards of the model it was '
                'inserted in with mmda.PluggedModel / insert_plugins, and '
                'was called outside one')
        if self._labels is None and not self._labelled_pass:
            raise RuntimeError(
                f'{self.where} needs labels, and {self._model_name} gave '
                'none in this training forward: a stock classifier must get '
                'data_samples with gt_label (or gt_score, or a pseudo_label '
                'from PseudoLabelHook); an mmda model announces them '
                '(SHOTTargetClassifier only with beta > 0 and '
                'PseudoLabelHook). See mmda.models.plugins.plugin_labels')
        return self._labels

    @contextmanager
    def probing_head(self) -> Iterator[Callable[[Any], Tensor]]:
        """The head as one function of the features, with its modules in
        eval mode inside the block: the probing passes must not update
        running statistics nor draw dropout masks, as in RSC's official
        code."""
        head = self.head_modules
        modes = [m.training for m in head]
        for m in head:
            m.eval()
        try:
            yield chain_modules(head)
        finally:
            for m, was_training in zip(head, modes):
                m.train(was_training)


def chain_modules(modules: Sequence[nn.Module]) -> Callable[[Any], Tensor]:
    """Call ``modules`` in order, each on the previous one's output."""

    def head(x: Any) -> Tensor:
        for module in modules:
            x = module(x)
        return x

    return head
