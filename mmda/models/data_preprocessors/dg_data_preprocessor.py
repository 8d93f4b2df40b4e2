# Copyright (c) mmda contributors. All rights reserved.
import copy
from typing import Optional

import numpy as np
import torch
import torch.nn.functional as F
from mmpretrain.models import ClsDataPreprocessor

from mmda.models.losses.domain_groups import domain_indices
from mmda.registry import MODELS
from .inter_domain_mixup import mix_domain_pairs


@MODELS.register_module()
class DGDataPreprocessor(ClsDataPreprocessor):
    """mmpretrain's ``ClsDataPreprocessor`` with the batch-level steps of DG
    methods: inter-domain Mixup and RSC's "flip-concat" batch.

    **Inter-domain Mixup** (``mixup_alpha``; DomainBed's ``Mixup``): in
    training, each domain's images are mixed with those of the next domain
    of a random cycle over the batch's domains, with one weight
    ``lam ~ Beta(alpha, alpha)`` per pair (:func:`mix_domain_pairs`). The
    batch then holds only the mixtures (DomainBed trains on nothing else),
    and each data sample gets the mixed one-hot target as ``gt_score``,
    which mmpretrain's heads prefer over ``gt_label``. The draws follow
    DomainBed's: ``torch.randperm`` for the cycle, then NumPy's
    ``beta`` per pair. Each sample needs ``domain_idx``, and
    ``num_classes`` must be set. mmpretrain's ``Mixup`` batch augment
    cannot do this: it gets the images and scores without their domains,
    so it mixes within and across domains alike. Mixing after the
    normalisation equals normalising the mixtures, as the weights sum to
    one. A mixture keeps the data sample (and ``gt_label``) of its first
    image.

    **Flip-concat**: the official RSC training loop (DeLightCMU/RSC,
    ``Domain_Generalization/train.py``, ``Trainer._do_epoch``) doubles every
    training batch with its horizontally flipped copy::

        data_flip = torch.flip(data, (3,)).detach().clone()
        data = torch.cat((data, data_flip))
        class_l = torch.cat((class_l, class_l))

    With ``flip_concat=True`` this preprocessor does the same in training:
    after normalisation (and any ``batch_augments``) it returns the ``N``
    images followed by their ``N`` mirror images, and the data samples
    followed by deep copies of them, so every label (``gt_label``,
    ``gt_score``) is duplicated with its image and a plug-in that reads the
    labels (RSC, :mod:`mmda.models.plugins.plugin_labels`) gets ``2N`` of
    them. The model's forward batch is then twice the loader's batch. The
    model itself is unchanged, and evaluation batches pass as in
    ``ClsDataPreprocessor``.

    mmpretrain's ``batch_augments`` cannot do this: they map the inputs and
    the batch scores to tensors of the same size, and
    ``ClsDataPreprocessor`` scatters the scores back over the original data
    samples.

    With both, the mixtures are made first, then flipped.

    Args:
        flip_concat (bool): Append the horizontally flipped copy of every
            training batch. Defaults to False.
        mixup_alpha (float, optional): Train on inter-domain mixtures with
            ``lam ~ Beta(mixup_alpha, mixup_alpha)`` (DomainBed's default
            0.2). Defaults to None (no mixing).
        **kwargs: The arguments of ``ClsDataPreprocessor``.
    """

    def __init__(self,
                 flip_concat: bool = False,
                 mixup_alpha: Optional[float] = None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        if not isinstance(flip_concat, bool):
            raise TypeError('DGDataPreprocessor: flip_concat must be a '
                            f'bool, got {flip_concat!r}')
        if mixup_alpha is not None:
            if not (isinstance(mixup_alpha, (int, float)) and mixup_alpha > 0):
                raise ValueError('DGDataPreprocessor: mixup_alpha must be a '
                                 f'number > 0, got {mixup_alpha!r}')
            if not self.num_classes:
                raise ValueError('DGDataPreprocessor: mixup_alpha needs '
                                 'num_classes (model.data_preprocessor.'
                                 'num_classes) to make one-hot targets')
        self.flip_concat = flip_concat
        self.mixup_alpha = mixup_alpha

    def forward(self, data: dict, training: bool = False) -> dict:
        data = super().forward(data, training)
        if training and self.mixup_alpha is not None:
            data = self._mix_domains(data)
        if not (training and self.flip_concat):
            return data
        inputs, samples = data['inputs'], data['data_samples']
        # Flip the width axis of (N, C, H, W), as the official (3,).
        inputs = torch.cat((inputs, inputs.flip(-1)))
        if samples is not None:
            if len(samples) * 2 != len(inputs):
                raise ValueError(
                    f'DGDataPreprocessor: flip_concat needs one data sample '
                    f'per image, got {len(samples)} for '
                    f'{len(inputs) // 2} images')
            # Copies, so that a later change to one row's sample (a
            # prediction, a pseudo-label) does not reach its mirror.
            samples = list(samples) + [copy.deepcopy(s) for s in samples]
        return dict(data, inputs=inputs, data_samples=samples)

    def _mix_domains(self, data: dict) -> dict:
        samples = data['data_samples']
        owner = 'DGDataPreprocessor (mixup_alpha)'
        if not samples:
            raise ValueError(f'{owner}: the batch has no data samples')
        domains = domain_indices(samples, owner)
        if 'gt_score' in samples[0]:
            scores = torch.stack([s.gt_score for s in samples])
        else:
            labels = torch.cat([s.gt_label.view(-1)[:1] for s in samples])
            scores = F.one_hot(labels, self.num_classes)
        inputs = data['inputs']
        n_domains = len(torch.unique(domains))
        if n_domains < 2:
            raise ValueError(
                f'{owner}: the batch holds one domain '
                f'({domains[0].item()}); inter-domain Mixup needs at least '
                'two (mmda.DomainStratifiedSampler)')
        order = torch.randperm(n_domains).tolist()
        lams = [
            float(np.random.beta(self.mixup_alpha, self.mixup_alpha))
            for _ in order
        ]
        mixed = mix_domain_pairs(inputs, scores.to(inputs),
                                 domains.to(inputs.device), order, lams)
        kept = [samples[r] for r in mixed.rows.tolist()]
        for sample, score in zip(kept, mixed.scores):
            sample.set_gt_score(score)
        return dict(data, inputs=mixed.inputs, data_samples=kept)
