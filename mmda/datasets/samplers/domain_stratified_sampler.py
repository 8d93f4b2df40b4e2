# Copyright (c) mmda contributors. All rights reserved.
from typing import Iterator, Optional

import numpy as np
import torch
from mmengine.dist import get_dist_info, sync_random_seed
from torch.utils.data import Sampler

from mmda.registry import DATA_SAMPLERS
from .class_balanced_sampler import group_keys


@DATA_SAMPLERS.register_module()
class DomainStratifiedSampler(Sampler):
    """An endless stream of batches with ``per_domain`` samples of every
    domain, for multi-source domain generalisation.

    DomainBed draws one minibatch per training domain and step, each from
    its own infinite loader. Here one loader does it: the stream is made of
    blocks of ``per_domain`` indices of domain 0, then of domain 1, and so
    on, so a loader with ``batch_size = per_domain x domains`` gives
    DomainBed's minibatches, concatenated in domain order. Each domain's
    indices are drawn uniformly with replacement (DomainBed's
    ``RandomSampler(replacement=True)``) or, with ``replacement=False``,
    from successive random permutations of the domain.

    All ranks build the same stream from a shared seed; rank ``r`` takes
    blocks ``r, r + W, r + 2W...`` of it, so each rank's batches are
    stratified too. Like mmengine's ``InfiniteSampler`` it never ends, so
    iteration-based loops (and their exact resume, which skips batches)
    work unchanged.

    Args:
        dataset: A :class:`MultiDomainDataset` (or any dataset whose samples
            have ``domain_idx``).
        per_domain (int): Samples of each domain per block (DomainBed's
            ``batch_size``).
        replacement (bool): Draw with replacement. Defaults to True.
        seed (int, optional): Shared seed; synchronised across ranks when
            None.
    """

    def __init__(self,
                 dataset,
                 per_domain: int,
                 replacement: bool = True,
                 seed: Optional[int] = None) -> None:
        if int(per_domain) < 1:
            raise ValueError('DomainStratifiedSampler: per_domain must be '
                             f'positive, got {per_domain}')
        self.rank, self.world_size = get_dist_info()
        self.dataset = dataset
        self.per_domain = int(per_domain)
        self.replacement = replacement
        self.seed = sync_random_seed() if seed is None else int(seed)
        domains = group_keys(dataset, 'domain_idx', type(self).__name__)
        self.groups = [
            np.flatnonzero(domains == d) for d in np.unique(domains)
        ]
        if len(self.groups) < 2:
            raise ValueError(
                f'DomainStratifiedSampler: {type(dataset).__name__} holds '
                f'{len(self.groups)} domain; multi-source training needs at '
                'least two (a MultiDomainDataset with several domains)')

    @property
    def batch_size(self) -> int:
        """The loader's batch size that makes each batch one block."""
        return self.per_domain * len(self.groups)

    def _domain_stream(self, members: np.ndarray,
                       g: torch.Generator) -> Iterator[np.ndarray]:
        k = self.per_domain
        if self.replacement:
            while True:
                yield members[torch.randint(len(members), (k, ),
                                            generator=g).numpy()]
        queue = members[:0]
        while True:
            while len(queue) < k:
                order = torch.randperm(len(members), generator=g).numpy()
                queue = np.concatenate([queue, members[order]])
            yield queue[:k]
            queue = queue[k:]

    def __iter__(self) -> Iterator[int]:
        g = torch.Generator().manual_seed(self.seed)
        streams = [self._domain_stream(m, g) for m in self.groups]
        block = 0
        while True:
            parts = [next(s) for s in streams]
            if block % self.world_size == self.rank:
                for part in parts:
                    yield from part.tolist()
            block += 1

    def __len__(self) -> int:
        return len(self.dataset)
