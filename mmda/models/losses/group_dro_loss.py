# Copyright (c) mmda contributors. All rights reserved.
from typing import Dict, List

import torch
import torch.nn.functional as F
from mmengine.dist import all_reduce
from torch import Tensor, nn

from mmda.registry import MODELS
from .domain_groups import DomainGroups, check_groups


def group_dro_weights(q: Tensor, risks: Tensor, eta: float) -> Tensor:
    """One step of Group DRO's exponentiated-gradient ascent on the domain
    weights (Sagawa et al., ICLR 2020, "Distributionally Robust Neural
    Networks for Group Shifts", Algorithm 1):

    .. math::
        q_d \\leftarrow \\frac{q_d \\exp(\\eta R_d)}
                             {\\sum_{d'} q_{d'} \\exp(\\eta R_{d'})}.

    Args:
        q (Tensor): ``(D,)`` current weights (need not sum to one).
        risks (Tensor): ``(D,)`` per-domain risks; no gradient flows
            through the weights.
        eta (float): The step size (DomainBed's ``groupdro_eta``).

    Returns:
        Tensor: ``(D,)`` new weights, summing to one.
    """
    q = q * torch.exp(eta * risks.detach())
    return q / q.sum()


def group_dro_excess(q: Tensor, risks: Tensor) -> Tensor:
    """Group DRO's objective :math:`\\sum_d q_d R_d` less the ERM term
    :math:`\\frac{1}{D} \\sum_d R_d`:

    .. math::
        \\sum_d \\left(q_d - \\frac{1}{D}\\right) R_d.

    Added to a classification loss that is the mean of the per-domain risks
    (equal domain groups), it gives Group DRO's objective exactly, value
    and gradient, so Group DRO composes with the head's loss like any other
    term of a :class:`~mmda.models.MultiDomainClassifier`.

    Args:
        q (Tensor): ``(D,)`` weights summing to one.
        risks (Tensor): ``(D,)`` per-domain risks.

    Returns:
        Tensor: A scalar.
    """
    return torch.dot(q - 1.0 / len(q), risks)


@MODELS.register_module()
class GroupDROLoss(nn.Module):
    """Group DRO over the domains of a multi-source batch, for DG.

    Keeps one weight per training domain (the buffer ``q``, saved in
    checkpoints), moves it towards the domains of highest risk with
    :func:`group_dro_weights`, and returns :func:`group_dro_excess` as
    ``loss_groupdro``: with the model's cross-entropy (the mean of the
    per-domain risks), the total is DomainBed's ``GroupDRO`` objective
    ``q . R``, where ``q`` starts from ones and is updated with the
    current batch's risks before it weights them, as DomainBed does.

    The head's loss must be the plain cross-entropy of weight 1 (the
    DomainBed configs' ``CrossEntropyLoss``) for that sum to be Group
    DRO's objective; ``R_d`` is each domain's mean cross-entropy of the
    logits.

    Under distributed training the risks that update ``q`` are averaged
    over the ranks first, so that every rank keeps the same weights (the
    weighted objective still uses each rank's own risks, as the gradients
    are averaged by DDP).

    Args:
        num_domains (int): The number of training domains, each of which
            every batch holds.
        eta (float): The weights' step size (DomainBed's ``groupdro_eta``).
            Defaults to 0.01.
    """

    def __init__(self, num_domains: int, eta: float = 1e-2) -> None:
        super().__init__()
        if not (isinstance(num_domains, int) and num_domains >= 2):
            raise ValueError('GroupDROLoss: num_domains (the training '
                             'domains) must be an int >= 2, got '
                             f'{num_domains!r}')
        if not eta > 0:
            raise ValueError(f'GroupDROLoss: eta must be > 0, got {eta!r}')
        self.eta = eta
        # Buffers, so that they travel with checkpoints; `domains` records
        # which domain each weight belongs to (set by the first batch, -1
        # until then), so that a resumed run cannot silently apply the
        # weights to other domains.
        self.register_buffer('q', torch.ones(num_domains))
        self.register_buffer('domains',
                             torch.full((num_domains, ), -1, dtype=torch.long))

    def forward(self, groups: DomainGroups) -> Dict[str, Tensor]:
        check_groups(groups, type(self).__name__)
        self._check_domains(groups.domains)
        risks = torch.stack([
            F.cross_entropy(z, y) for z, y in zip(groups.logits, groups.labels)
        ])
        shared = risks.detach().clone()
        all_reduce(shared, op='mean')
        self.q = group_dro_weights(self.q, shared, self.eta)
        return dict(
            loss_groupdro=group_dro_excess(self.q, risks),
            groupdro_q_max=self.q.max())

    def _check_domains(self, domains: List[int]) -> None:
        if (self.domains < 0).all() and len(domains) == len(self.domains):
            self.domains.copy_(torch.tensor(domains))
        if self.domains.tolist() != list(domains):
            known = [d for d in self.domains.tolist() if d >= 0] or 'none yet'
            raise ValueError(
                f'GroupDROLoss: the batch holds domains {list(domains)}, but '
                f'the weights q are for {len(self.domains)} domains '
                f'(model.dg_losses num_domains; domains {known}, from the '
                'first batch or the checkpoint resumed); every batch must '
                'hold every training domain (mmda.DomainStratifiedSampler)')
