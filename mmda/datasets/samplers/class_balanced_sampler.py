# Copyright (c) mmda contributors. All rights reserved.
import math
from typing import Iterator, Optional

import numpy as np
import torch
from mmengine.dist import get_dist_info, sync_random_seed
from torch.utils.data import Sampler

from mmda.registry import DATA_SAMPLERS


def group_keys(dataset,
               key: str,
               owner: str = 'ClassBalancedSampler') -> np.ndarray:
    """Each sample's ``key`` (``'gt_label'``, ``'domain_idx'``...)."""
    if key == 'gt_label':
        if hasattr(dataset, 'get_gt_labels'):
            return np.asarray(dataset.get_gt_labels())
        values = [
            dataset.get_data_info(i).get('gt_label')
            for i in range(len(dataset))
        ]
    elif key == 'domain_idx' and hasattr(dataset, 'get_domain_indices'):
        return np.asarray(dataset.get_domain_indices())
    else:
        values = [
            dataset.get_data_info(i).get(key) for i in range(len(dataset))
        ]
    if any(v is None for v in values):
        raise ValueError(
            f'{owner}: samples of {type(dataset).__name__} '
            f'have no {key!r}; expected a labelled dataset (the target set '
            'of UDA has no labels to balance)')
    return np.asarray(values)


@DATA_SAMPLERS.register_module()
class ClassBalancedSampler(Sampler):
    """Draw every class (or domain) equally often, split across ranks.

    Each epoch is one shuffled global sequence of ``num_samples`` indices
    in which every group (class) gets the same share. A group's share is
    taken from successive random permutations of its samples, so a sample
    repeats only after all of its group has been drawn. All ranks build the
    same sequence from a shared seed and take every ``world_size``-th
    index from their rank on: the ranks draw distinct positions of it,
    and, where no group is smaller than its share, distinct samples.

    Works with epoch-based loops (``DistSamplerSeedHook`` calls
    ``set_epoch``) and with iteration-based ones, which restart it with the
    next epoch when it runs out.

    Args:
        dataset: A labelled dataset (``get_gt_labels`` or ``gt_label`` in
            each sample).
        num_samples (int, optional): Samples per epoch over all ranks.
            Defaults to ``len(dataset)``.
        key (str): What to balance: ``'gt_label'`` (classes) or
            ``'domain_idx'`` (domains of a :class:`MultiDomainDataset`).
        seed (int, optional): Shared seed; synchronised across ranks when
            None.
        round_up (bool): Pad the epoch to a multiple of the world size, so
            every rank draws the same number. Defaults to True.
    """

    def __init__(self,
                 dataset,
                 num_samples: Optional[int] = None,
                 key: str = 'gt_label',
                 seed: Optional[int] = None,
                 round_up: bool = True) -> None:
        rank, world_size = get_dist_info()
        self.rank, self.world_size = rank, world_size
        self.dataset = dataset
        self.key = key
        self.seed = sync_random_seed() if seed is None else seed
        self.epoch = 0
        values = group_keys(dataset, key)
        if len(values) == 0:
            raise ValueError('ClassBalancedSampler: the dataset is empty')
        if key == 'gt_label' and (values < 0).any():
            raise ValueError(
                'ClassBalancedSampler: some samples have no label (-1); '
                'expected a labelled dataset')
        self.groups = [np.flatnonzero(values == v) for v in np.unique(values)]
        self.total = int(num_samples or len(dataset))
        if self.total <= 0:
            raise ValueError(f'ClassBalancedSampler: num_samples must be '
                             f'positive, got {num_samples}')
        self.round_up = round_up
        if round_up:
            self.num_samples = math.ceil(self.total / world_size)
        else:
            self.num_samples = len(range(rank, self.total, world_size))

    def epoch_indices(self) -> np.ndarray:
        """The global sequence of this epoch, the same on every rank."""
        g = torch.Generator()
        g.manual_seed(self.seed + self.epoch)
        n_groups = len(self.groups)
        # the same share for each group; the remainder goes to groups drawn
        # at random
        shares = np.full(n_groups, self.total // n_groups)
        extra = torch.randperm(n_groups, generator=g)[:self.total % n_groups]
        shares[extra.numpy()] += 1
        picked = []
        for members, share in zip(self.groups, shares):
            reps = math.ceil(share / len(members))
            order = [
                members[torch.randperm(len(members), generator=g).numpy()]
                for _ in range(reps)
            ]
            picked.append(np.concatenate(order)[:share])
        seq = np.concatenate(picked)
        seq = seq[torch.randperm(len(seq), generator=g).numpy()]
        if self.round_up:
            padded = self.num_samples * self.world_size
            seq = np.concatenate([seq, np.resize(seq, padded - len(seq))])
        return seq

    def __iter__(self) -> Iterator[int]:
        seq = self.epoch_indices()
        return iter(seq[self.rank::self.world_size].tolist())

    def __len__(self) -> int:
        return self.num_samples

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch
