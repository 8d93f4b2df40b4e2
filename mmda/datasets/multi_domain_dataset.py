# Copyright (c) mmda contributors. All rights reserved.
import copy
from typing import Optional, Sequence, Tuple, Union

import numpy as np
from mmengine.dataset import Compose, ConcatDataset

from mmda.registry import DATASETS
from .pipeline import build_transforms, run_pipeline


def leave_one_domain_out(dataset_type, target: str):
    """``(source_domains, target)`` of a benchmark for one DG task.

    Args:
        dataset_type (type | str): A :class:`DomainDataset` subclass or its
            registered name.
        target (str): The held-out domain (any accepted spelling).
    """
    cls = DATASETS.get(dataset_type) if isinstance(dataset_type,
                                                   str) else dataset_type
    if cls is None:
        raise KeyError(f'unknown dataset type {dataset_type!r}')
    target = cls.resolve_domain(target)
    return [d for d in cls.DOMAINS if d != target], target


@DATASETS.register_module()
class MultiDomainDataset(ConcatDataset):
    """Several domains as one training set, each sample with its domain.

    The parts are concatenated in order, as by mmengine's
    ``ConcatDataset``. Each sample's information gains
    ``domain`` (the part's domain name) and ``domain_idx`` (its index in
    ``metainfo['domains']``), which ``PackInputs(meta_keys=...)`` can pass
    on to the model. All parts must have the same classes in the same order.

    Give the parts in one of two ways:

    - ``datasets``: a list of datasets or configs (any mmengine
      ``BaseDataset`` of classification, e.g. MNIST, SVHN and USPS for
      multi-source digits);
    - ``dataset`` with ``domains`` or ``leave_out``: one config without a
      domain, built once per domain. ``leave_out='sketch'`` takes every
      domain of the benchmark but that one (leave-one-domain-out DG).

    Args:
        datasets (list, optional): The parts.
        dataset (dict, optional): A :class:`DomainDataset` config.
        domains (list[str], optional): The domains of ``dataset``.
        leave_out (str, optional): The held-out domain of ``dataset``.
        pipeline (list, optional): A pipeline for all parts. Without it each
            part runs its own.
        domain_names (list[str], optional): The parts' domain names, where
            the parts do not name their samples' domain themselves.
    """

    def __init__(self,
                 datasets: Optional[Sequence[Union[dict, object]]] = None,
                 dataset: Optional[dict] = None,
                 domains: Optional[Sequence[str]] = None,
                 leave_out: Optional[str] = None,
                 pipeline: Optional[Sequence] = None,
                 domain_names: Optional[Sequence[str]] = None) -> None:
        if (datasets is None) == (dataset is None):
            raise ValueError('MultiDomainDataset: give either `datasets` (a '
                             'list of parts) or `dataset` with `domains` or '
                             '`leave_out`')
        if dataset is not None:
            if (domains is None) == (leave_out is None):
                raise ValueError('MultiDomainDataset: with `dataset`, give '
                                 'either `domains` or `leave_out`')
            if 'domain' in dataset:
                raise ValueError('MultiDomainDataset: `dataset` must not set '
                                 '`domain`; the domains come from `domains` '
                                 'or `leave_out`')
            cls = dataset['type']
            cls = DATASETS.get(cls) if isinstance(cls, str) else cls
            if cls is None or not hasattr(cls, 'resolve_domain'):
                raise TypeError('MultiDomainDataset: `dataset` must be a '
                                'domain dataset (Office31, PACS, ...), got '
                                f'{dataset["type"]!r}')
            if leave_out is not None:
                domains, _ = leave_one_domain_out(cls, leave_out)
            datasets = [
                dict(copy.deepcopy(dataset), domain=d) for d in domains
            ]
        if not datasets:
            raise ValueError('MultiDomainDataset: no parts given')
        # Built here, in mmda's registry: ConcatDataset builds configs in
        # mmengine's, which does not see mmda's datasets.
        self.datasets = [
            DATASETS.build(d) if isinstance(d, dict) else d for d in datasets
        ]
        self.pipeline_override = (
            Compose(build_transforms(dict(pipeline=pipeline))['pipeline'])
            if pipeline is not None else None)
        if domain_names is not None and len(domain_names) != len(
                self.datasets):
            raise ValueError(
                f'MultiDomainDataset: {len(domain_names)} domain_names for '
                f'{len(self.datasets)} parts')
        self._check_classes()
        self.part_domains = [
            self._part_domain(i, ds, domain_names)
            for i, ds in enumerate(self.datasets)
        ]
        names = []
        for d in self.part_domains:
            if d in names:
                raise ValueError(
                    f'MultiDomainDataset: domain {d!r} is given twice; '
                    'each part must be a different domain')
            names.append(d)
        # The classes are compared above, naming the parts; the rest of the
        # metainfo (a part's own ``domains``...) may differ between parts.
        other_keys = set().union(*(ds.metainfo for ds in self.datasets))
        super().__init__(
            self.datasets, ignore_keys=sorted(other_keys - {'classes'}))
        self._metainfo['domains'] = tuple(names)
        self.pipeline = _PartPipeline(self)

    @staticmethod
    def _part_domain(i, ds, domain_names) -> str:
        if domain_names is not None:
            return str(domain_names[i])
        domains = getattr(ds, 'domains', None)
        if domains is not None:
            if len(domains) != 1:
                raise ValueError(
                    f'MultiDomainDataset: part {i} ({type(ds).__name__}) '
                    f'holds {len(domains)} domains {list(domains)}; give one '
                    'part per domain')
            return domains[0]
        domain = getattr(ds, 'DOMAIN', '') or type(ds).__name__.lower()
        return domain

    def _check_classes(self) -> None:
        first = tuple(self.datasets[0].metainfo.get('classes') or ())
        for i, ds in enumerate(self.datasets[1:], 1):
            classes = tuple(ds.metainfo.get('classes') or ())
            if classes != first:
                raise ValueError(
                    f'MultiDomainDataset: part {i} ({type(ds).__name__}) has '
                    f'{len(classes)} classes {classes[:5]}..., part 0 '
                    f'({type(self.datasets[0]).__name__}) has {len(first)} '
                    f'{first[:5]}...; expected the same classes in the same '
                    'order')

    def _get_ori_dataset_idx(self, idx: int) -> Tuple[int, int]:
        if not -len(self) <= idx < len(self):
            shown = idx + len(self) if idx < 0 else idx
            raise IndexError(f'MultiDomainDataset: index {shown} out of '
                             f'range for {len(self)} samples')
        return super()._get_ori_dataset_idx(idx)

    def get_data_info(self, idx: int) -> dict:
        part, local = self._get_ori_dataset_idx(idx)
        info = self.datasets[part].get_data_info(local)
        info['domain'] = self.part_domains[part]
        info['domain_idx'] = part
        info['sample_idx'] = idx
        return info

    def get_gt_labels(self) -> np.ndarray:
        return np.concatenate(
            [np.asarray(ds.get_gt_labels()) for ds in self.datasets])

    def get_domain_indices(self) -> np.ndarray:
        return np.concatenate([
            np.full(len(ds), i, dtype=np.int64)
            for i, ds in enumerate(self.datasets)
        ])

    def __getitem__(self, idx: int):
        return run_pipeline(self, self.get_data_info(idx), idx)

    def __repr__(self) -> str:
        parts = ', '.join(f'{d}: {len(ds)}'
                          for d, ds in zip(self.part_domains, self.datasets))
        return f'MultiDomainDataset({parts})'


class _PartPipeline:
    """Runs the shared pipeline, or the pipeline of a sample's part."""

    def __init__(self, owner: MultiDomainDataset) -> None:
        self.owner = owner

    def __call__(self, info: dict):
        if self.owner.pipeline_override is not None:
            return self.owner.pipeline_override(info)
        return self.owner.datasets[info['domain_idx']].pipeline(info)
