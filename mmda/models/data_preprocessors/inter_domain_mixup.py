# Copyright (c) mmda contributors. All rights reserved.
"""Inter-domain Mixup of a multi-source batch, as a pure function."""
from typing import List, NamedTuple, Sequence

import torch
from torch import Tensor


class MixedBatch(NamedTuple):
    """A batch of domain-pair mixtures.

    Attributes:
        inputs (Tensor): ``(M, ...)`` mixed images.
        scores (Tensor): ``(M, K)`` mixed one-hot targets.
        rows (Tensor): ``(M,)`` the row of the first image of each mixture
            in the original batch (each row at most once).
    """
    inputs: Tensor
    scores: Tensor
    rows: Tensor


def mix_domain_pairs(inputs: Tensor, scores: Tensor, domain_idx: Tensor,
                     order: Sequence[int],
                     lams: Sequence[float]) -> MixedBatch:
    """Mix each domain's rows with the next domain's, along a cycle.

    Inter-domain Mixup (Xu et al., AAAI 2020, "Adversarial Domain
    Adaptation with Domain Mixup"; Yan et al., 2020, "Improve Unsupervised
    Domain Adaptation with Mixup Training"; DomainBed's ``Mixup``): with
    the batch's domains ``d_0 < d_1 < ...`` visited in ``order``, the
    ``k``-th domain of the cycle is paired with the next one (the last with
    the first), and their first ``n = min(n_i, n_j)`` rows are mixed with
    that pair's :math:`\\lambda_k`:

    .. math::
        \\tilde{x} = \\lambda_k x_i + (1 - \\lambda_k) x_j, \\qquad
        \\tilde{y} = \\lambda_k y_i + (1 - \\lambda_k) y_j.

    Cross-entropy is linear in the target, so the mean cross-entropy
    against :math:`\\tilde{y}` over the ``D`` mixed groups is DomainBed's
    objective :math:`\\frac{1}{D} \\sum_k [\\lambda_k \\mathrm{CE}(f(\\tilde
    x), y_i) + (1 - \\lambda_k) \\mathrm{CE}(f(\\tilde x), y_j)]` when the
    groups have equal sizes.

    Args:
        inputs (Tensor): ``(N, ...)`` images.
        scores (Tensor): ``(N, K)`` one-hot (or soft) targets.
        domain_idx (Tensor): ``(N,)`` domain of each row.
        order (Sequence[int]): A permutation of ``range(D)``, ``D`` the
            number of domains in the batch (DomainBed draws it with
            ``torch.randperm``).
        lams (Sequence[float]): The ``D`` mixing weights, one per pair in
            cycle order (DomainBed draws each from ``Beta(alpha, alpha)``).

    Returns:
        MixedBatch: The ``D`` mixed groups, in cycle order.
    """
    domains = torch.unique(domain_idx).tolist()
    if sorted(order) != list(range(len(domains))) or len(lams) != len(order):
        raise ValueError(
            f'mix_domain_pairs: order {list(order)} must permute the '
            f'{len(domains)} domains of the batch, with one lam each '
            f'(got {len(lams)})')
    rows = [torch.nonzero(domain_idx == d).flatten() for d in domains]
    mixed_x: List[Tensor] = []
    mixed_y: List[Tensor] = []
    first: List[Tensor] = []
    for k, lam in enumerate(lams):
        i, j = rows[order[k]], rows[order[(k + 1) % len(order)]]
        n = min(len(i), len(j))
        i, j = i[:n], j[:n]
        mixed_x.append(lam * inputs[i] + (1 - lam) * inputs[j])
        mixed_y.append(lam * scores[i] + (1 - lam) * scores[j])
        first.append(i)
    return MixedBatch(torch.cat(mixed_x), torch.cat(mixed_y), torch.cat(first))
