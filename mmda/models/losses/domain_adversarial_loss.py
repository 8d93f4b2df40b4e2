# Copyright (c) mmda contributors. All rights reserved.
"""DANN's domain-adversarial loss.

Ganin et al., "Domain-Adversarial Training of Neural Networks", JMLR 2016,
Eq. (9)-(10): the discriminator is trained with binary cross-entropy (source
= 1, target = 0) on features that pass through the gradient reversal layer,
so the same loss trains the discriminator and, reversed, the features.
"""
from typing import Dict, Optional, Union

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from mmda.registry import MODELS


def domain_adversarial_loss(logits_s: Tensor,
                            logits_t: Tensor,
                            weight: Optional[Tensor] = None) -> Tensor:
    """Binary cross-entropy of a domain discriminator, source = 1.

    L_d = -1/(n_s+n_t) * ( sum_s w_s log d(x_s) + sum_t w_t log(1 - d(x_t)) ),
    with d = sigmoid(logit) and w = 1 unless ``weight`` is given (CDAN+E's
    entropy weights, :func:`entropy_weight`).

    Args:
        logits_s (Tensor): Discriminator logits of source samples, ``(n_s,)``.
        logits_t (Tensor): Discriminator logits of target samples, ``(n_t,)``.
        weight (Tensor, optional): Per-sample weights, ``(n_s + n_t,)``,
            source first. Defaults to None (all 1).

    Returns:
        Tensor: The scalar loss, a mean over all ``n_s + n_t`` samples.
    """
    logits = torch.cat([logits_s, logits_t])
    labels = torch.cat([
        logits_s.new_ones(logits_s.shape),
        logits_t.new_zeros(logits_t.shape)
    ])
    return F.binary_cross_entropy_with_logits(logits, labels, weight=weight)


@MODELS.register_module()
class DomainAdversarialLoss(nn.Module):
    """DANN loss: a discriminator behind a gradient reversal layer.

    The minus sign of the adversarial game is applied once, by the GRL; the
    returned loss is added to the classification loss with a plus sign.

    Args:
        discriminator (dict | nn.Module): The domain discriminator, mapping
            ``(N, C)`` features to ``(N,)`` logits.
        grl (dict | nn.Module): The gradient reversal layer. Defaults to
            ``dict(type='GradientReverseLayer')``, whose coefficient is set
            each iteration by ``GRLLambdaHook``.
        loss_weight (float): Weight of the loss. Defaults to 1.0.
    """

    def __init__(self,
                 discriminator: Union[dict, nn.Module],
                 grl: Optional[Union[dict, nn.Module]] = None,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        if grl is None:
            grl = dict(type='mmda.GradientReverseLayer')
        self.discriminator = _build(discriminator)
        self.grl = _build(grl)
        self.loss_weight = loss_weight

    def forward(self, feats_s: Tensor, feats_t: Tensor) -> Dict[str, Tensor]:
        """Compute the loss from source ``(n_s, C)`` and target ``(n_t, C)``
        features.

        Returns:
            dict: ``loss_domain`` and the discriminator accuracy
            ``domain_acc`` (logged, not optimised).
        """
        return self.discriminate(
            torch.cat([feats_s, feats_t]), len(feats_s), 'loss_domain')

    def discriminate(self,
                     inputs: Tensor,
                     n_source: int,
                     name: str,
                     weight: Optional[Tensor] = None) -> Dict[str, Tensor]:
        """The weighted loss ``name`` of the discriminator on ``inputs``
        (source rows first) behind the GRL, and its accuracy
        ``domain_acc``."""
        logits = self.discriminator(self.grl(inputs))
        logits_s, logits_t = logits.split([n_source, len(logits) - n_source])
        loss = domain_adversarial_loss(logits_s, logits_t, weight)
        with torch.no_grad():
            correct = (logits_s > 0).sum() + (logits_t <= 0).sum()
            acc = correct.float() * (100.0 / len(logits))
        return {name: self.loss_weight * loss, 'domain_acc': acc}


def _build(cfg: Union[dict, nn.Module]) -> nn.Module:
    return cfg if isinstance(cfg, nn.Module) else MODELS.build(cfg)
