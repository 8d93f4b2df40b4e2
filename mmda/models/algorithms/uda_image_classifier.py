# Copyright (c) mmda contributors. All rights reserved.
from typing import Dict, List, Optional, Tuple, Union

import torch
from mmpretrain.structures import DataSample
from torch import Tensor, nn

from mmda.models.data_preprocessors.batch_keys import SOURCE, TARGET
from mmda.models.plugins.plugin_labels import labels_of_samples
from mmda.registry import MODELS
from .base_da_classifier import BaseDAClassifier
from .loss_parsing import named_losses


@MODELS.register_module()
class UDAImageClassifier(BaseDAClassifier):
    """An mmpretrain ``ImageClassifier`` trained on a labelled source domain
    and an unlabelled target domain.

    In ``'loss'`` mode with ``inputs=dict(source=..., target=...)`` (as made
    by ``UDADataPreprocessor``) the classification loss is taken on the
    source batch, and each domain-adaptation loss in ``da_losses`` receives
    the source and target features (the head's ``pre_logits``, i.e. the
    classifier's input). By default source and target go through the
    network in one pass, so normalisation layers see both domains, as in
    DANN. With ``domain_forward='separate'`` they go in two passes, so in
    training each BatchNorm normalises a domain's batch by that domain's own
    statistics (as AFN's released code does); the running statistics used
    at test time then average both domains' batches.

    A plug-in that needs labels (RSC, inserted with ``PluggedModel``) gets
    the source labels through :mod:`mmda.models.plugins.plugin_labels`: it
    challenges the labelled source rows only, and target rows pass through
    it untouched.

    With no ``da_losses`` the model is the source-only baseline: the target
    batch is drawn by the same loop but never enters the network. Prediction
    and plain single-domain batches behave as in ``ImageClassifier``.

    Args:
        backbone (dict): Backbone config.
        neck (dict, optional): Neck config (the bottleneck).
        head (dict): Classification head config.
        da_losses (dict | list[dict], optional): Domain-adaptation losses,
            each called as ``loss(feats_s, feats_t) -> dict``. A loss whose
            class sets ``input_kind = 'logits'`` (e.g. ``EntropyLoss``)
            receives the head's source and target logits instead, and one
            with ``input_kind = 'features_and_logits'`` (CDAN's) both, as
            ``loss(feats_s, feats_t, logits_s, logits_t)``.
        domain_forward (str): ``'joint'`` (one pass over the concatenated
            batches) or ``'separate'`` (one pass per domain). Defaults to
            ``'joint'``.
        data_preprocessor (dict, optional): Defaults to
            ``dict(type='mmda.UDADataPreprocessor')``.
        **kwargs: Other arguments of ``ImageClassifier``.
    """

    def __init__(self,
                 backbone: dict,
                 neck: Optional[dict] = None,
                 head: Optional[dict] = None,
                 da_losses: Optional[Union[dict, List[dict]]] = None,
                 domain_forward: str = 'joint',
                 data_preprocessor: Optional[dict] = None,
                 **kwargs) -> None:
        if domain_forward not in ('joint', 'separate'):
            raise ValueError('UDAImageClassifier: domain_forward must be '
                             f'"joint" or "separate", got {domain_forward!r}')
        if isinstance(data_preprocessor, dict) or data_preprocessor is None:
            data_preprocessor = dict(data_preprocessor or {})
            data_preprocessor.setdefault('type', 'mmda.UDADataPreprocessor')
        super().__init__(
            backbone=backbone,
            neck=neck,
            head=head,
            data_preprocessor=data_preprocessor,
            **kwargs)
        if da_losses is None:
            da_losses = []
        elif isinstance(da_losses, (dict, nn.Module)):
            da_losses = [da_losses]
        self.da_losses = nn.ModuleList([
            loss if isinstance(loss, nn.Module) else MODELS.build(loss)
            for loss in da_losses
        ])
        self.domain_forward = domain_forward

    def loss(
        self, inputs: Union[Tensor, Dict[str, Tensor]],
        data_samples: Union[List[DataSample], Dict[str, List[DataSample]]]
    ) -> dict:
        if not isinstance(inputs, dict):
            with self.announce_labels(labels_of_samples(data_samples)):
                return super().loss(inputs, data_samples)
        samples_t = data_samples[TARGET]
        self.check_unlabelled(samples_t, 'target-domain')
        x_s, samples_s = inputs[SOURCE], data_samples[SOURCE]
        # Label-needing plug-ins (RSC) see the source labels for the source
        # rows, which come first in a joint pass; target rows pass through.
        labels_s = labels_of_samples(samples_s)
        if not self.da_losses:
            with self.announce_labels(labels_s):
                return self._source_loss(self.extract_feat(x_s), samples_s)

        x_t = inputs[TARGET]
        if self.domain_forward == 'joint':
            with self.announce_labels(labels_s):
                feats = self.extract_feat(torch.cat([x_s, x_t]))
            feats_s, feats_t = _split_feats(feats, len(x_s))
        else:
            with self.announce_labels(labels_s):
                feats_s = self.extract_feat(x_s)
            feats_t = self.extract_feat(x_t)
        losses = self._source_loss(feats_s, samples_s)
        inputs_by_kind = dict(
            features=(self.head.pre_logits(feats_s),
                      self.head.pre_logits(feats_t)))
        if any(_input_kind(loss) != 'features' for loss in self.da_losses):
            inputs_by_kind['logits'] = (self.head(feats_s), self.head(feats_t))
            inputs_by_kind['features_and_logits'] = (
                inputs_by_kind['features'] + inputs_by_kind['logits'])
        for da_loss in self.da_losses:
            losses.update(da_loss(*inputs_by_kind[_input_kind(da_loss)]))
        return losses

    def _source_loss(self, feats: Tuple[Tensor, ...],
                     data_samples: List[DataSample]) -> dict:
        return named_losses(self.head.loss(feats, data_samples))


#: What a ``da_losses`` entry may ask for with its ``input_kind``.
INPUT_KINDS = ('features', 'logits', 'features_and_logits')


def _input_kind(loss: nn.Module) -> str:
    kind = getattr(loss, 'input_kind', 'features')
    if kind not in INPUT_KINDS:
        raise ValueError(
            f'{type(loss).__name__}.input_kind must be one of {INPUT_KINDS}, '
            f'got {kind!r}')
    return kind


def _split_feats(feats: Tuple[Tensor, ...],
                 n_source: int) -> Tuple[Tuple[Tensor, ...], ...]:
    """Split each level of a joint forward into source and target parts."""
    parts = [f.split([n_source, len(f) - n_source]) for f in feats]
    return tuple(p[0] for p in parts), tuple(p[1] for p in parts)
