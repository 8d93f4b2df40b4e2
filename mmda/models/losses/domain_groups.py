# Copyright (c) mmda contributors. All rights reserved.
"""A multi-source batch split by domain: what the DG losses take."""
from itertools import combinations
from typing import Callable, List, NamedTuple, Sequence

import torch
from torch import Tensor


class DomainGroups(NamedTuple):
    """One training batch split by domain, in increasing domain index.

    Attributes:
        features (list[Tensor]): Each domain's ``(n_d, C)`` features (the
            head's input).
        logits (list[Tensor]): Each domain's ``(n_d, K)`` logits.
        labels (list[Tensor]): Each domain's ``(n_d,)`` labels.
        domains (list[int]): The domain indices of the groups.
    """
    features: List[Tensor]
    logits: List[Tensor]
    labels: List[Tensor]
    domains: List[int]


def group_by_domain(features: Tensor, logits: Tensor, labels: Tensor,
                    domain_idx: Tensor) -> DomainGroups:
    """Split a batch's rows by their domain index.

    Args:
        features (Tensor): ``(N, C)``.
        logits (Tensor): ``(N, K)``.
        labels (Tensor): ``(N,)``.
        domain_idx (Tensor): ``(N,)`` integer domain of each row.

    Returns:
        DomainGroups: The rows of each domain present, in increasing
        domain index and in batch order within a domain.
    """
    domains = torch.unique(domain_idx).tolist()
    rows = [torch.nonzero(domain_idx == d).flatten() for d in domains]
    return DomainGroups([features[r] for r in rows], [logits[r] for r in rows],
                        [labels[r] for r in rows], domains)


def mean_over_pairs(groups: List[Tensor],
                    distance: Callable[[Tensor, Tensor], Tensor]) -> Tensor:
    """The mean of ``distance(g_i, g_j)`` over the pairs ``i < j``.

    DomainBed's ``AbstractMMD`` averages its penalty so over the domains of
    a batch: ``2 / (D (D - 1)) sum_{i < j} distance(g_i, g_j)``.
    """
    pairs = list(combinations(groups, 2))
    return torch.stack([distance(a, b) for a, b in pairs]).mean()


def check_groups(groups: DomainGroups, owner: str) -> None:
    """Raise unless the batch holds at least two domains."""
    if len(groups.domains) < 2:
        raise ValueError(
            f'{owner}: the batch holds one domain ({groups.domains}); a '
            'multi-source loss needs samples of at least two. Train on a '
            'MultiDomainDataset with a sampler that puts every domain in '
            'each batch (mmda.DomainStratifiedSampler), and pass domain_idx '
            "with PackInputs(meta_keys=(..., 'domain_idx'))")


def domain_indices(data_samples: Sequence, owner: str) -> Tensor:
    """``(N,)`` the ``domain_idx`` of each data sample.

    Raises:
        KeyError: naming the first sample without one.
    """
    missing = [i for i, s in enumerate(data_samples) if 'domain_idx' not in s]
    if missing:
        raise KeyError(
            f'{owner}: sample {missing[0]} of the batch has no '
            "'domain_idx'; train on a MultiDomainDataset and pack it with "
            'PackInputs(meta_keys=DOMAIN_META_KEYS)')
    return torch.tensor([int(s.domain_idx) for s in data_samples])
