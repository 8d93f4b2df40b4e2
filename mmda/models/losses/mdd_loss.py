# Copyright (c) mmda contributors. All rights reserved.
"""Margin disparity discrepancy (MDD).

Zhang et al., "Bridging Theory and Algorithm for Domain Adaptation",
ICML 2019, Sec. 4: an auxiliary (adversarial) classifier f' is trained to
disagree with the main classifier f on the target domain while agreeing
with it, by a margin gamma, on the source domain; the features are
trained, through a gradient reversal layer, to shrink that disparity.
"""
from typing import Dict, Optional, Union

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from mmda.registry import MODELS
from .domain_adversarial_loss import _build

# Added inside log(1 - p) so that a certain adversarial prediction (p = 1)
# gives a finite value and gradient (as the released code and tllib).
LOG_OFFSET = 1e-6


def margin_disparity_discrepancy(logits_s: Tensor, adv_logits_s: Tensor,
                                 logits_t: Tensor, adv_logits_t: Tensor,
                                 margin: float) -> Tensor:
    """MDD with the cross-entropy disparities of the classification case.

    With ``h(x) = argmax_k f(x)_k`` the main classifier's prediction (no
    gradient flows through it) and ``p'(x) = softmax(f'(x))`` the
    adversarial classifier's probabilities, the paper's empirical
    discrepancy with its combined cross-entropy disparities (Sec. 4) is

        D_gamma = gamma * E_s log p'(x_s)[h(x_s)]
                  + E_t log(1 - p'(x_t)[h(x_t)]),

    where ``gamma`` is the margin (``exp(gamma)`` in the paper's margin
    loss). f' maximises D_gamma: it agrees with f on the source (the first
    term, a negative cross-entropy) and disagrees with f on the target (the
    second). ``log(1 - p)`` is taken as ``log(min(1 - p + 1e-6, 1))`` so a
    target probability of 1 stays finite.

    Args:
        logits_s (Tensor): Main classifier's source logits, ``(n_s, K)``.
        adv_logits_s (Tensor): Adversarial classifier's source logits,
            ``(n_s, K)``.
        logits_t (Tensor): Main classifier's target logits, ``(n_t, K)``.
        adv_logits_t (Tensor): Adversarial classifier's target logits,
            ``(n_t, K)``.
        margin (float): gamma. tllib's ``mdd.py`` default: 4.

    Returns:
        Tensor: The scalar D_gamma (a mean per domain; with ``n_s = n_t``
        it equals tllib's mean of the per-pair sums).
    """
    for name, t in (('logits_s', logits_s), ('adv_logits_s', adv_logits_s),
                    ('logits_t', logits_t), ('adv_logits_t', adv_logits_t)):
        if t.dim() != 2:
            raise ValueError('margin_disparity_discrepancy: '
                             f'{name} must be (N, K), got shape '
                             f'{tuple(t.shape)}')
    pred_s = logits_s.argmax(dim=1)
    pred_t = logits_t.argmax(dim=1)
    agree_s = -F.cross_entropy(adv_logits_s, pred_s)
    prob_t = adv_logits_t.softmax(dim=1).gather(1, pred_t[:, None])[:, 0]
    disagree_t = torch.log(torch.clamp(1.0 - prob_t + LOG_OFFSET, max=1.0))
    return margin * agree_s + disagree_t.mean()


@MODELS.register_module()
class MarginDisparityDiscrepancyLoss(nn.Module):
    """MDD as a ``da_losses`` entry of ``UDAImageClassifier``.

    ``input_kind = 'features_and_logits'``: the model passes the source and
    target features (the main head's input, the bottleneck) and the main
    head's logits. The loss holds the adversarial classifier f' behind a
    gradient reversal layer (whose coefficient ``GRLLambdaHook`` sets) and
    returns ``loss_mdd = -w * D_gamma``: descending it, f' maximises
    D_gamma, while the GRL makes the features minimise ``lambda * w *
    D_gamma``. The main logits give only the predictions h (no gradient).

    Args:
        adversarial_head (dict | nn.Module): f', a classification head
            called as ``head((features,))`` and returning ``(N, K)``
            logits; MDD uses the main head's architecture
            (``MLPClsHead``). Required.
        grl (dict | nn.Module, optional): The gradient reversal layer.
            Defaults to ``dict(type='GradientReverseLayer')``.
        margin (float): gamma. tllib's ``mdd.py`` default: 4.
        loss_weight (float): w (tllib's ``--trade-off``). Defaults to 1.0.
    """

    input_kind = 'features_and_logits'

    def __init__(self,
                 adversarial_head: Optional[Union[dict, nn.Module]] = None,
                 grl: Optional[Union[dict, nn.Module]] = None,
                 margin: float = 4.0,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        if adversarial_head is None:
            raise ValueError(
                'MarginDisparityDiscrepancyLoss: adversarial_head is '
                'required (MDD needs its auxiliary classifier; set '
                'adversarial_head=dict(type=MLPClsHead, ...) in the '
                'da_losses entry)')
        if margin <= 0:
            raise ValueError('MarginDisparityDiscrepancyLoss: margin must '
                             f'be > 0, got {margin}')
        self.adversarial_head = _build(adversarial_head)
        self.grl = _build(grl or dict(type='mmda.GradientReverseLayer'))
        self.margin = margin
        self.loss_weight = loss_weight

    def forward(self, feats_s: Tensor, feats_t: Tensor, logits_s: Tensor,
                logits_t: Tensor) -> Dict[str, Tensor]:
        """Compute the loss from source and target features ``(n, F)`` and
        main logits ``(n, K)``.

        Returns:
            dict: ``loss_mdd`` (optimised) and ``mdd`` (D_gamma, logged).
        """
        # One pass of f' over both domains, as one batch (its dropout and
        # any norm layer see both).
        adv = self.adversarial_head((self.grl(torch.cat([feats_s,
                                                         feats_t])), ))
        adv_s, adv_t = adv.split([len(feats_s), len(feats_t)])
        disc = margin_disparity_discrepancy(logits_s, adv_s, logits_t, adv_t,
                                            self.margin)
        return dict(loss_mdd=-self.loss_weight * disc, mdd=disc.detach())

    def extra_repr(self) -> str:
        return f'margin={self.margin}, loss_weight={self.loss_weight}'
