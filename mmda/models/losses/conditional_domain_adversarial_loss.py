# Copyright (c) mmda contributors. All rights reserved.
"""CDAN's conditional domain-adversarial loss, and CDAN+E's entropy weights.

Long et al., "Conditional Adversarial Domain Adaptation", NeurIPS 2018: the
domain discriminator D sees h = T(f, g), the features f conditioned on the
class probabilities g by a multilinear map (Sec. 3.3), and the loss is
DANN's binary cross-entropy on D(h) behind a gradient reversal layer:

    E(D, G) = -E_s w(H(g_s)) log D(h_s) - E_t w(H(g_t)) log(1 - D(h_t)),

with w = 1 (CDAN) or, for CDAN+E (Sec. 3.4, entropy conditioning),
w(H(g)) = 1 + exp(-H(g)), which puts more weight on confident predictions.
"""
from typing import Dict, Optional, Union

import torch
from torch import Tensor, nn

from mmda.models.layers.multilinear_map import (MultilinearMap,
                                                RandomizedMultilinearMap)
from mmda.registry import MODELS
from .domain_adversarial_loss import DomainAdversarialLoss
from .entropy_loss import entropy


def entropy_weight(probs: Tensor) -> Tensor:
    """CDAN+E's per-sample weights w = 1 + exp(-H(g)), Sec. 3.4.

    The weights of a batch are rescaled to sum to the batch size, as the
    released code (and tllib) does, so that they reweight the samples of the
    mean loss without changing its scale: w_i <- N w_i / sum_j w_j.

    Args:
        probs (Tensor): Class probabilities g of the whole batch (source and
            target), ``(N, C)``.

    Returns:
        Tensor: ``(N,)`` weights summing to ``N``.
    """
    weight = 1.0 + torch.exp(-entropy(probs))
    return weight * (len(weight) / weight.sum())


@MODELS.register_module()
class ConditionalDomainAdversarialLoss(DomainAdversarialLoss):
    """CDAN (and CDAN+E) loss: a discriminator, behind a gradient reversal
    layer, on the features conditioned on the predictions.

    ``input_kind = 'features_and_logits'`` makes ``UDAImageClassifier`` call
    it as ``loss(feats_s, feats_t, logits_s, logits_t)``. The probabilities
    g = softmax(logits) condition the discriminator but receive no gradient
    from it (as the released code and tllib), so the adversarial gradient
    reaches the network through the features only. The GRL's coefficient
    is set by ``GRLLambdaHook``, as DANN's.

    Args:
        discriminator (dict | nn.Module): The domain discriminator, mapping
            ``(N, C * F)`` (or ``(N, randomized_dim)``) inputs to ``(N,)``
            logits.
        grl (dict | nn.Module, optional): The gradient reversal layer.
            Defaults to ``dict(type='GradientReverseLayer')``.
        loss_weight (float): Weight of the loss (tllib's ``--trade-off``).
            Defaults to 1.0.
        entropy_conditioning (bool): CDAN+E: weight each sample by
            :func:`entropy_weight`. Defaults to False.
        randomized (bool): Use the randomized multilinear map (needs
            ``features_dim`` and ``num_classes``). Defaults to False.
        features_dim (int, optional): F, for the randomized map.
        num_classes (int, optional): C, for the randomized map.
        randomized_dim (int): d, the randomized map's width. Defaults to
            1024 (the paper's and tllib's).
    """

    input_kind = 'features_and_logits'

    def __init__(self,
                 discriminator: Union[dict, nn.Module],
                 grl: Optional[Union[dict, nn.Module]] = None,
                 loss_weight: float = 1.0,
                 entropy_conditioning: bool = False,
                 randomized: bool = False,
                 features_dim: Optional[int] = None,
                 num_classes: Optional[int] = None,
                 randomized_dim: int = 1024) -> None:
        super().__init__(discriminator, grl, loss_weight)
        self.entropy_conditioning = entropy_conditioning
        if randomized:
            self.map = RandomizedMultilinearMap(features_dim, num_classes,
                                                randomized_dim)
        else:
            self.map = MultilinearMap()

    def forward(self, feats_s: Tensor, feats_t: Tensor, logits_s: Tensor,
                logits_t: Tensor) -> Dict[str, Tensor]:
        """Compute the loss from source and target features ``(n, F)`` and
        logits ``(n, C)``.

        Returns:
            dict: ``loss_cdan`` and the discriminator accuracy
            ``domain_acc`` (logged, not optimised).
        """
        probs = torch.cat([logits_s, logits_t]).softmax(dim=1).detach()
        joint = self.map(torch.cat([feats_s, feats_t]), probs)
        weight = entropy_weight(probs) if self.entropy_conditioning else None
        return self.discriminate(joint, len(feats_s), 'loss_cdan', weight)

    def extra_repr(self) -> str:
        return (f'loss_weight={self.loss_weight}, '
                f'entropy_conditioning={self.entropy_conditioning}')
