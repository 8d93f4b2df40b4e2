# Copyright (c) mmda contributors. All rights reserved.
from torch import nn


class AnnealedPenalty(nn.Module):
    """A penalty weighted ``warmup_weight`` first and ``weight`` after.

    IRM and V-REx (as DomainBed runs them) weight their penalty by 1 for
    the first ``anneal_iters`` iterations, then by their lambda.
    ``PenaltyAnnealHook`` sets :attr:`annealed` from the iteration; without
    that hook the penalty is always weighted ``weight``.

    Args:
        weight (float): The weight once annealed (the lambda).
        warmup_weight (float): The weight before. Defaults to 1.0.
    """

    def __init__(self, weight: float, warmup_weight: float = 1.0) -> None:
        super().__init__()
        self.weight = weight
        self.warmup_weight = warmup_weight
        #: Set by ``PenaltyAnnealHook`` before each training iteration.
        self.annealed = True

    @property
    def current_weight(self) -> float:
        """The weight of the coming iteration's penalty."""
        return self.weight if self.annealed else self.warmup_weight
