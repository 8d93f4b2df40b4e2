# Copyright (c) mmda contributors. All rights reserved.
from typing import Any, Union

from mmengine.dataset import BaseDataset

from mmda.registry import DATASETS
from .pipeline import run_pipeline

LABEL_KEYS = ('gt_label', 'gt_score', 'gt_labels')


@DATASETS.register_module()
class UnlabeledDataset:
    """Hide the labels of a dataset from everything that trains on it.

    Unsupervised domain adaptation may use the target domain's images but
    never its labels. This wrapper removes the label keys from each sample's
    information before the pipeline runs, so neither transforms nor the
    model can read them. The UDA loops wrap their target set with it.

    Args:
        dataset (BaseDataset | dict): The labelled dataset, or its config.
    """

    def __init__(self, dataset: Union[BaseDataset, dict]) -> None:
        if isinstance(dataset, dict):
            dataset = DATASETS.build(dataset)
        if not (hasattr(dataset, 'get_data_info')
                and hasattr(dataset, 'pipeline')):
            raise TypeError(
                'UnlabeledDataset wraps datasets with `get_data_info` and '
                f'`pipeline` (mmengine BaseDataset); got '
                f'{type(dataset).__name__}')
        self.dataset = dataset

    @property
    def metainfo(self) -> dict:
        return self.dataset.metainfo

    def __len__(self) -> int:
        return len(self.dataset)

    def get_data_info(self, idx: int) -> dict:
        info = self.dataset.get_data_info(idx)
        for key in LABEL_KEYS:
            info.pop(key, None)
        return info

    def __getitem__(self, idx: int) -> Any:
        # run_pipeline names the file when the pipeline fails
        return run_pipeline(self.dataset, self.get_data_info(idx), idx)

    def __repr__(self) -> str:
        return f'UnlabeledDataset(\n{self.dataset!r})'
