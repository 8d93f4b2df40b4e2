# Copyright (c) mmda contributors. All rights reserved.
"""``type='mmda.PluggedModel'``: build any model config and insert plugin
layers, from the config alone."""
from typing import Optional, Sequence, Union

from mmengine.model import BaseModel
from torch import nn

from mmda.registry import MODELS
from .insert_plugins import insert_plugins


def build_plugged_model(model: Union[dict, nn.Module],
                        plugins: Sequence[dict] = (),
                        data_preprocessor: Optional[dict] = None) -> nn.Module:
    """Build ``model`` and insert ``plugins`` into it.

    Registered in mmda's MODELS as ``PluggedModel``. The Runner calls it
    when it builds the model, so the layers are in place before the
    optimiser and the DDP wrapper see the model. The returned model is of
    the inner config's class.

    Args:
        model (dict | nn.Module): Any model config, e.g. an mmpretrain
            ``ImageClassifier``.
        plugins (Sequence[dict]): See :func:`insert_plugins`.
        data_preprocessor (dict, optional): Set by the Runner from a
            top-level ``data_preprocessor``, or by ``model.data_preprocessor``
            in the config; passed to the inner model, which must not have
            its own: one of the two would be ignored (a
            ``model.data_preprocessor.flip_concat=True`` override, say), so
            that raises a ``ValueError``.

    A model class of mmengine's ``BaseModel`` family is built with mmda's
    loss path mixed in (:func:`with_rank_averaged_losses`: its logged
    losses averaged over the ranks, as mmda's own classifiers do); the
    built model is of a subclass of the same name, and its weights and
    checkpoints are those of the stock class.

    Example:
        >>> model = dict(
        ...     type='mmda.PluggedModel',
        ...     model=dict(type='ImageClassifier', ...),
        ...     plugins=[dict(path='backbone', layer=dict(type='mmda.RSC'))])
    """
    if data_preprocessor is not None and (not isinstance(model, dict)
                                          or 'data_preprocessor' in model):
        raise ValueError(
            'PluggedModel: got data_preprocessor '
            f'{data_preprocessor!r} (model.data_preprocessor or a '
            'top-level data_preprocessor), but the inner model has its '
            'own; set its keys in model.model.data_preprocessor instead')
    if isinstance(model, dict):
        model = dict(model)
        if data_preprocessor is not None:
            model['data_preprocessor'] = data_preprocessor
        model['type'] = _with_mmda_loss_path(model['type'])
        model = MODELS.build(model)
    return insert_plugins(model, plugins)


def _with_mmda_loss_path(model_type: Union[str, type]) -> Union[str, type]:
    """The class to build for ``model_type``: with mmda's loss path if it
    is a ``BaseModel`` (a name that is not registered is left to
    ``MODELS.build``, which names it in its error)."""
    # Imported here: mmda.models.algorithms imports this package.
    from mmda.models.algorithms.loss_parsing import with_rank_averaged_losses
    cls = MODELS.get(model_type) if isinstance(model_type, str) else model_type
    if isinstance(cls, type) and issubclass(cls, BaseModel):
        return with_rank_averaged_losses(cls)
    return model_type


# The registered name, and the name a pure-Python config imports.
PluggedModel = MODELS.register_module(
    name='PluggedModel', module=build_plugged_model)
