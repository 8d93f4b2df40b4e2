# Copyright (c) mmda contributors. All rights reserved.
import copy
from typing import Any, Union

from mmengine.dataset import BaseDataset
from torch.utils.data import DataLoader

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
            try:
                dataset = DATASETS.build(dataset)
            except ValueError as e:
                # mmengine serialises an empty data list with np.concatenate
                if 'need at least one array' not in str(e):
                    raise
                raise ValueError(empty_target_message(dataset)) from e
        if not (hasattr(dataset, 'get_data_info')
                and hasattr(dataset, 'pipeline')):
            raise TypeError(
                'UnlabeledDataset wraps datasets with `get_data_info` and '
                f'`pipeline` (mmengine BaseDataset); got '
                f'{type(dataset).__name__}')
        self.dataset = dataset
        if len(dataset) == 0:
            raise ValueError(empty_target_message(dataset))

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


def as_unlabeled(
    dataset: Union[BaseDataset, dict]
) -> Union[BaseDataset, dict, UnlabeledDataset]:
    """``dataset`` (a config or a built dataset) wrapped in
    :class:`UnlabeledDataset`, unless it is wrapped already."""
    wrapper_types = ('UnlabeledDataset', 'mmda.UnlabeledDataset',
                     UnlabeledDataset)
    if isinstance(dataset, UnlabeledDataset) or (isinstance(
            dataset, dict) and dataset.get('type') in wrapper_types):
        return dataset
    if isinstance(dataset, dict):
        return dict(type=UnlabeledDataset, dataset=dataset)
    return UnlabeledDataset(dataset)


def unlabeled_loader(loader: Union[DataLoader, dict],
                     where: str) -> Union[DataLoader, dict]:
    """A loader config whose dataset is wrapped in :class:`UnlabeledDataset`
    (a copy; the argument is unchanged), or a built loader that holds one.

    Args:
        loader (DataLoader | dict): The loader, built or as a config.
        where (str): The setting it comes from, named in the error.

    Raises:
        TypeError: If a built loader's dataset is not an
            :class:`UnlabeledDataset`: a built loader cannot be re-wrapped.
    """
    if isinstance(loader, dict):
        loader = copy.deepcopy(loader)
        loader['dataset'] = as_unlabeled(loader['dataset'])
        return loader
    if not isinstance(loader.dataset, UnlabeledDataset):
        raise TypeError(
            f'{where}: a built DataLoader of unlabelled data must hold an '
            'UnlabeledDataset; pass it as a config dict to have it wrapped')
    return loader


def empty_target_message(dataset: Union[BaseDataset, dict]) -> str:
    """Why training cannot start on an empty target set, naming the dataset
    and where it was read from."""

    def field(key):
        if isinstance(dataset, dict):
            return dataset.get(key)
        return getattr(dataset, key, None)

    name = dataset.get('type') if isinstance(dataset, dict) else \
        type(dataset).__name__
    name = getattr(name, '__name__', name)
    where = ', '.join(f'{key}={field(key)!r}'
                      for key in ('data_root', 'ann_file', 'data_prefix',
                                  'split', 'domain', 'indices')
                      if field(key) not in (None, '', {}))
    return (f'the target dataset {name} ({where or "no data_root"}) holds no '
            'samples: UDA needs target images. Check its root, list file '
            'and filters (indices, filter_cfg)')
