# Copyright (c) mmda contributors. All rights reserved.
from mmpretrain.models import ClsDataPreprocessor

from mmda.registry import MODELS

DOMAINS = ('source', 'target')


@MODELS.register_module()
class UDADataPreprocessor(ClsDataPreprocessor):
    """mmpretrain's ``ClsDataPreprocessor`` for batches from two domains.

    A UDA loop yields ``dict(source=batch, target=batch)``. Each domain's
    batch is normalised and moved to the device on its own, and the result
    keeps the two apart::

        dict(inputs=dict(source=Tensor, target=Tensor),
             data_samples=dict(source=[...], target=[...]))

    so that the model's ``forward(**data, mode='loss')`` receives both,
    also through ``MMDistributedDataParallel``. Any other batch (validation,
    testing, a source-free stage) is handled as by ``ClsDataPreprocessor``.
    Takes the same arguments as ``ClsDataPreprocessor``.
    """

    def forward(self, data: dict, training: bool = False) -> dict:
        if not (isinstance(data, dict) and set(data) == set(DOMAINS)):
            return super().forward(data, training)
        processed = {d: super(UDADataPreprocessor, self).forward(
            data[d], training) for d in DOMAINS}
        return dict(
            inputs={d: processed[d]['inputs'] for d in DOMAINS},
            data_samples={d: processed[d]['data_samples'] for d in DOMAINS})
