# Copyright (c) mmda contributors. All rights reserved.
from typing import List, Optional, Union

from mmpretrain.structures import DataSample
from torch import Tensor, nn

from mmda.models.losses.domain_groups import domain_indices, group_by_domain
from mmda.models.plugins.plugin_labels import labels_of_samples
from mmda.registry import MODELS
from .base_da_classifier import BaseDAClassifier
from .loss_parsing import named_losses


@MODELS.register_module()
class MultiDomainClassifier(BaseDAClassifier):
    """An mmpretrain ``ImageClassifier`` trained on several labelled source
    domains at once, with losses over the per-domain groups of each batch
    (domain generalisation: CORAL, MMD, IRM, V-REx...).

    One pass over the whole batch gives the head's classification loss (the
    ERM term); each of ``dg_losses`` is then called with the batch split by
    domain (:class:`~mmda.models.losses.DomainGroups`: each domain's
    features, logits and labels, as DomainBed's ``minibatches``). With no
    ``dg_losses`` the model is ERM. Prediction behaves as in
    ``ImageClassifier``.

    DomainBed's objective is the mean over domains of each domain's mean
    loss; the head's loss is the mean over the batch. The two are equal when
    every domain has the same number of samples in a batch, which
    :class:`~mmda.datasets.DomainStratifiedSampler` ensures, and which this
    model checks (``equal_groups``).

    Each sample must carry ``domain_idx`` (:class:`MultiDomainDataset` sets
    it; ``PackInputs(meta_keys=DOMAIN_META_KEYS)`` passes it on).

    Args:
        backbone (dict): Backbone config.
        neck (dict, optional): Neck config.
        head (dict): Classification head config.
        dg_losses (dict | list[dict], optional): Losses called as
            ``loss(groups) -> dict``.
        equal_groups (bool): Refuse a batch whose domains have different
            numbers of samples (with ``dg_losses``). Defaults to True.
        **kwargs: Other arguments of ``ImageClassifier``.
    """

    def __init__(self,
                 backbone: dict,
                 neck: Optional[dict] = None,
                 head: Optional[dict] = None,
                 dg_losses: Optional[Union[dict, List[dict]]] = None,
                 equal_groups: bool = True,
                 **kwargs) -> None:
        super().__init__(backbone=backbone, neck=neck, head=head, **kwargs)
        if dg_losses is None:
            dg_losses = []
        elif isinstance(dg_losses, (dict, nn.Module)):
            dg_losses = [dg_losses]
        self.dg_losses = nn.ModuleList([
            loss if isinstance(loss, nn.Module) else MODELS.build(loss)
            for loss in dg_losses
        ])
        self.equal_groups = equal_groups

    def loss(self, inputs: Tensor, data_samples: List[DataSample]) -> dict:
        labels = labels_of_samples(data_samples)
        with self.announce_labels(labels):
            feats = self.extract_feat(inputs)
        losses = named_losses(self.head.loss(feats, data_samples))
        if not self.dg_losses:
            return losses
        if labels is None or labels.dim() != 1:
            raise ValueError('MultiDomainClassifier: dg_losses need a hard '
                             'gt_label on every sample')
        groups = group_by_domain(
            self.head.pre_logits(feats), self.head(feats), labels,
            domain_indices(data_samples,
                           type(self).__name__).to(labels.device))
        sizes = [len(y) for y in groups.labels]
        if self.equal_groups and len(set(sizes)) > 1:
            raise ValueError(
                f'MultiDomainClassifier: the batch has {sizes} samples of '
                f'domains {groups.domains}; the mean of per-domain losses '
                '(DomainBed) equals the batch mean only for equal groups. '
                'Sample with mmda.DomainStratifiedSampler (batch_size = '
                'per_domain x domains), or set model.equal_groups=False')
        for dg_loss in self.dg_losses:
            losses.update(dg_loss(groups))
        return losses
