# Copyright (c) mmda contributors. All rights reserved.
"""How labels reach a plug-in that needs them (such as RSC).

The protocol, for any label-needing plug-in and any model:

- The plug-in's class sets ``needs_labels = True`` and defines
  ``set_labels(labels)``, where ``labels`` (``(n,)`` class indices or
  ``(n, K)`` soft targets, or None) belong to the **first** ``n`` rows of
  the batch that the next passes through the plug-in carry; later rows are
  unlabelled and must pass through untouched.
- A model whose class sets ``announces_plugin_labels = True`` announces them
  itself, around each pass through its network, with
  ``with plugin_labels(self, labels): ...``. ``UDAImageClassifier`` gives
  the source labels for a joint source + target pass (the source rows come
  first) or for the source pass, and nothing for a target-only pass;
  ``SHOTTargetClassifier`` gives the pseudo-labels (``pseudo_label`` set by
  ``PseudoLabelHook``).
- For any other model (a stock mmpretrain ``ImageClassifier``),
  ``insert_plugins`` announces the labels of every training
  ``mode='loss'`` forward from its ``data_samples``
  (:func:`labels_of_samples`).

A plug-in that runs in a training forward in which the model announced no
labels at all raises, naming itself and the model (RSC in a SHOT-IM model,
which has no pseudo-labels, for example).
"""
from contextlib import contextmanager
from typing import Iterator, Optional, Sequence

import torch
from torch import Tensor, nn

from .insert_plugins import plugin_layers

#: Fields of a data sample that hold its label, in order of preference.
LABEL_FIELDS = ('gt_score', 'gt_label', 'pseudo_label')


def label_needing_plugins(model: nn.Module) -> list:
    """The plug-ins of ``model`` that set ``needs_labels``."""
    return [
        layer for layer in plugin_layers(model)
        if getattr(layer, 'needs_labels', False)
    ]


@contextmanager
def plugin_labels(model: nn.Module,
                  labels: Optional[Tensor]) -> Iterator[None]:
    """Announce ``labels`` of the first rows of the passes run inside the
    block to every label-needing plug-in of ``model``.

    Args:
        model (nn.Module): The model the plug-ins were inserted in.
        labels (Tensor, optional): ``(n,)`` class indices or ``(n, K)``
            soft targets of the first ``n`` rows; None if no row is
            labelled.
    """
    layers = label_needing_plugins(model)
    for layer in layers:
        layer.set_labels(labels)
    try:
        yield
    finally:
        for layer in layers:
            layer.set_labels(None)


def labels_of_samples(samples: Sequence) -> Optional[Tensor]:
    """``(N, K)`` soft targets or ``(N,)`` labels of mmpretrain data
    samples: their ``gt_score``, else ``gt_label``, else ``pseudo_label``;
    None if not every sample has one of them."""
    if not isinstance(samples, (list, tuple)) or not samples:
        return None
    for field in LABEL_FIELDS:
        if all(field in s for s in samples):
            values = [s.get(field) for s in samples]
            if field == 'gt_score':
                return torch.stack(values)
            return torch.cat([v.view(-1)[:1] for v in values])
    return None
