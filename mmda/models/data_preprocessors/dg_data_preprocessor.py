# Copyright (c) mmda contributors. All rights reserved.
import copy

import torch
from mmpretrain.models import ClsDataPreprocessor

from mmda.registry import MODELS


@MODELS.register_module()
class DGDataPreprocessor(ClsDataPreprocessor):
    """mmpretrain's ``ClsDataPreprocessor`` with RSC's "flip-concat" batch.

    The official RSC training loop (DeLightCMU/RSC,
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

    Args:
        flip_concat (bool): Append the horizontally flipped copy of every
            training batch. Defaults to False.
        **kwargs: The arguments of ``ClsDataPreprocessor``.
    """

    def __init__(self, flip_concat: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        if not isinstance(flip_concat, bool):
            raise TypeError('DGDataPreprocessor: flip_concat must be a '
                            f'bool, got {flip_concat!r}')
        self.flip_concat = flip_concat

    def forward(self, data: dict, training: bool = False) -> dict:
        data = super().forward(data, training)
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
