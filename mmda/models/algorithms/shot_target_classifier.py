# Copyright (c) mmda contributors. All rights reserved.
from typing import Dict, List, Optional, Union

import torch.nn.functional as F
from mmpretrain.structures import DataSample
from torch import Tensor

from mmda.models.losses.information_maximization_loss import \
    information_maximization_loss
from mmda.registry import MODELS
from .base_da_classifier import BaseDAClassifier
from .sample_pseudo_labels import pseudo_labels_of


@MODELS.register_module()
class SHOTTargetClassifier(BaseDAClassifier):
    """SHOT's target-stage model: the source model, with its classifier
    (the source hypothesis) frozen, adapted on unlabelled target data.

    Liang et al., "Do We Really Need to Access the Source Data? Source
    Hypothesis Transfer for Unsupervised Domain Adaptation", ICML 2020,
    Eq. (7): the backbone G and bottleneck B minimise
    ``L = L_ent - L_div + beta * L_pl``, where ``L_pl`` is the cross-entropy
    against the pseudo-labels that ``PseudoLabelHook`` computes at each
    target epoch start and attaches to every training sample
    (``pseudo_label``).

    The backbone, neck and head must be those of the source-stage model, so
    that the source checkpoint (``load_from``) fills every weight. The head's
    parameters get ``requires_grad=False``: they receive no gradient, so
    neither the step nor weight decay changes them.

    Args:
        backbone (dict): Backbone config (as the source stage's).
        neck (dict): Bottleneck config (as the source stage's).
        head (dict): Head config (as the source stage's); frozen.
        beta (float): Weight of the pseudo-label loss. SHOT: 0.3;
            SHOT-IM: 0 (then no pseudo-labels are needed).
        im_weight (float): Weight of the IM loss. Defaults to 1.0 (paper).
        **kwargs: Other arguments of ``ImageClassifier``.
    """

    def __init__(self,
                 backbone: dict,
                 neck: Optional[dict],
                 head: dict,
                 beta: float,
                 im_weight: float = 1.0,
                 **kwargs) -> None:
        super().__init__(backbone=backbone, neck=neck, head=head, **kwargs)
        if beta < 0:
            raise ValueError(f'SHOTTargetClassifier: beta must be >= 0, got '
                             f'{beta}')
        self.beta = beta
        self.im_weight = im_weight
        self.head.requires_grad_(False)

    def loss(self, inputs: Union[Tensor, Dict[str, Tensor]],
             data_samples: List[DataSample]) -> Dict[str, Tensor]:
        if isinstance(inputs, dict):
            raise TypeError(
                'SHOT\'s target stage is source-free, but the batch holds '
                f'{sorted(inputs)} (a UDA loop\'s source + target batch): '
                'train it with one unlabelled target loader, '
                '`train_dataloader`, and no `target_dataloader`')
        self.check_unlabelled(data_samples, 'target')
        labels = pseudo_labels_of(data_samples)
        # A label-needing plug-in (RSC) is challenged with the pseudo-labels.
        with self.announce_labels(labels):
            logits = self.head(self.extract_feat(inputs))
        # Eq. (2)-(3): information maximisation.
        losses = dict(loss_im=self.im_weight *
                      information_maximization_loss(logits.softmax(dim=1)))
        if self.beta > 0:
            # Eq. (7): cross-entropy with the clustering pseudo-labels.
            if labels is None:
                raise RuntimeError(
                    f'SHOTTargetClassifier with beta={self.beta} needs '
                    'pseudo-labels, and the training samples carry none: add '
                    'dict(type=\'mmda.PseudoLabelHook\', dataloader=...) '
                    'to custom_hooks (or set beta=0 for SHOT-IM)')
            labels = labels.to(logits.device)
            losses['loss_pl'] = self.beta * F.cross_entropy(logits, labels)
        return losses
