# Copyright (c) mmda contributors. All rights reserved.
import math
from typing import Iterable, List, Optional, Sequence, Tuple, Union

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from mmda.registry import MODELS
from ..losses.entropy_loss import softmax_entropy
from .norm_layers import BATCH_NORM_TYPES
from .sar_adapter import reliable
from .test_time_adapters import TentAdapter


def entropy_weights(entropies: Tensor, e_margin: float) -> Tensor:
    """EATA's entropy weight of the reliable samples (Niu et al.,
    "Efficient Test-Time Model Adaptation without Forgetting", ICML 2022,
    Eq. 3):

    .. math::
        S^{ent}(x) = \\frac{1}{\\exp(E(x; \\Theta) - E_0)}
        \\mathbb{I}_{\\{E(x; \\Theta) < E_0\\}},

    here without the indicator (:func:`reliable` selects the samples). The
    weight is a constant of the update (no gradient flows through it).

    Args:
        entropies (Tensor): ``(N,)`` prediction entropies
            :math:`E(x; \\Theta)` of the selected samples.
        e_margin (float): :math:`E_0`.

    Returns:
        Tensor: ``(N,)``, each above 1 for an entropy below :math:`E_0`.
    """
    return 1 / torch.exp(entropies.detach() - e_margin)


def non_redundant(probs: Tensor, moving_probs: Optional[Tensor],
                  d_margin: float) -> Tuple[Tensor]:
    """The indices of the samples whose prediction differs from the recent
    ones (EATA, Eq. 5):

    .. math::
        S^{div}(x) = \\mathbb{I}_{\\{|\\cos(f_\\Theta(x), m^{t-1})| <
        \\epsilon\\}},

    with :math:`m^{t-1}` the moving average of the probabilities of the
    samples used so far (:func:`update_moving_probs`).

    Args:
        probs (Tensor): ``(N, K)`` softmax probabilities.
        moving_probs (Tensor, optional): ``(K,)`` :math:`m^{t-1}`; None
            before any sample was used, when every sample is kept.
        d_margin (float): :math:`\\epsilon`.

    Returns:
        tuple[Tensor]: As ``torch.where``: the indices kept.
    """
    if moving_probs is None:
        return (torch.arange(len(probs), device=probs.device), )
    cos = F.cosine_similarity(moving_probs.unsqueeze(0), probs, dim=1)
    return torch.where(torch.abs(cos) < d_margin)


def update_moving_probs(moving_probs: Optional[Tensor],
                        probs: Tensor,
                        momentum: float = 0.1) -> Optional[Tensor]:
    """EATA's moving average of the predictions of the samples used
    (Eq. 4):

    .. math::
        m^t = \\alpha \\bar y^t + (1 - \\alpha) m^{t-1},

    with :math:`\\bar y^t` the mean probability vector of the batch's
    samples used and :math:`\\alpha` ``momentum``; :math:`m^1 = \\bar y^1`.
    A batch without any sample used leaves it as it was.

    Args:
        moving_probs (Tensor, optional): ``(K,)`` :math:`m^{t-1}`, or None.
        probs (Tensor): ``(N, K)`` the probabilities of the samples used.
        momentum (float): :math:`\\alpha`. Defaults to 0.1.

    Returns:
        Tensor | None: ``(K,)`` :math:`m^t`, without gradient; None while no
        sample has been used.
    """
    probs = probs.detach()
    if len(probs) == 0:
        return moving_probs
    if moving_probs is None:
        return probs.mean(0)
    return (1 - momentum) * moving_probs + momentum * probs.mean(0)


def fisher_diagonal(grads: Iterable[Sequence[Tensor]]) -> List[Tensor]:
    """The diagonal Fisher importance of each parameter (EATA, Eq. 9):

    .. math::
        \\omega(\\theta_i) = \\frac{1}{Q} \\sum_{q=1}^{Q} \\left(
        \\frac{\\partial}{\\partial \\theta_i}
        \\mathcal{L}_{CE}(f_\\Theta(x_q), \\hat y_q) \\right)^2,

    with :math:`\\hat y_q` the prediction's argmax. As EATA's code (and the
    test-time adaptation library's), :math:`q` runs over batches: each
    gradient is that of a batch's mean cross-entropy.

    Args:
        grads (Iterable[Sequence[Tensor]]): Per batch, each parameter's
            gradient.

    Returns:
        list[Tensor]: :math:`\\omega` of each parameter.

    Raises:
        ValueError: If ``grads`` is empty.
    """
    total, count = None, 0
    for batch in grads:
        squares = [g.detach()**2 for g in batch]
        total = squares if total is None else [
            s + t for s, t in zip(squares, total)
        ]
        count += 1
    if total is None:
        raise ValueError('fisher_diagonal: no batch to compute the Fisher '
                         'importance from')
    return [t / count for t in total]


def fisher_penalty(params: Sequence[Tensor], fisher: Sequence[Tensor],
                   anchors: Sequence[Tensor], alpha: float) -> Tensor:
    """EATA's anti-forgetting regulariser, weighted (Eq. 7-8):

    .. math::
        \\beta \\mathcal{R}(\\tilde\\Theta, \\tilde\\Theta^o) = \\beta
        \\sum_{\\theta_i \\in \\tilde\\Theta} \\omega(\\theta_i)
        (\\theta_i - \\theta_i^o)^2.

    Args:
        params (Sequence[Tensor]): The adapted parameters
            :math:`\\theta_i`.
        fisher (Sequence[Tensor]): Their importance :math:`\\omega`
            (:func:`fisher_diagonal`).
        anchors (Sequence[Tensor]): Their source values
            :math:`\\theta_i^o`.
        alpha (float): :math:`\\beta`.

    Returns:
        Tensor: A scalar.
    """
    # summed parameter by parameter, each term scaled, as EATA's code
    loss = params[0].new_zeros(())
    for p, w, p0 in zip(params, fisher, anchors):
        loss = loss + alpha * (w * (p - p0)**2).sum()
    return loss


@MODELS.register_module()
class EATAAdapter(TentAdapter):
    """EATA (Niu et al., "Efficient Test-Time Model Adaptation without
    Forgetting", ICML 2022): TENT's entropy minimisation on the samples
    worth an update, with a regulariser that keeps the weights the source
    data needs:

    - **reliable samples**: only samples with entropy
      :math:`E(x) < E_0 = m \\ln K` (``margin`` m, 0.4) are used
      (:func:`reliable`, Eq. 3);
    - **non-redundant samples**: of those, only samples whose probabilities
      are nearly orthogonal to the moving average of the probabilities of
      the samples used so far, :math:`|\\cos| < \\epsilon` (``d_margin``;
      :func:`non_redundant`, Eq. 5); the average then moves by
      ``prob_momentum`` towards their mean (:func:`update_moving_probs`,
      Eq. 4);
    - **reweighting**: each sample's entropy is weighted by
      :math:`1 / \\exp(E(x) - E_0)` (:func:`entropy_weights`, Eq. 3);
    - **anti-forgetting**: :math:`\\beta \\sum_i \\omega(\\theta_i)
      (\\theta_i - \\theta_i^o)^2` (``fisher_alpha`` :math:`\\beta`;
      :func:`fisher_penalty`, Eq. 7-8) is added to the mean weighted
      entropy, with the Fisher importance :math:`\\omega` of the source
      weights :math:`\\theta^o` on unlabelled source data
      (:func:`fisher_diagonal`, Eq. 9).

    A batch with no sample left is predicted without an update. The
    prediction returned is the forward's, before the update, as EATA's
    code. ``fisher_alpha=0`` is ETA (no regulariser, no source data).

    **Where the Fisher importance comes from.** :meth:`compute_fisher`
    takes the source batches and computes it, once, before adaptation,
    at the source weights; :class:`mmda.engine.hooks.FisherImportanceHook`
    (in ``custom_hooks``) builds the source dataloader of the config with
    ``Runner.build_dataloader`` in ``before_test`` and calls it. The
    importance and the source weights :math:`\\theta^o` are kept by every
    :meth:`reset`, which restores the source weights and the optimizer's
    state and forgets the moving average, as the test-time adaptation
    library's ``EATA.reset``. Neither enters the state dict, which stays
    the classifier's.

    Args:
        classifier (dict | nn.Module): As :class:`BNAdapter`.
        optimizer (dict): An optimizer config without ``params``. Defaults
            to Adam, lr 1e-3, betas (0.9, 0.999) (the test-time adaptation
            library's default and CIFAR-10-C setting).
        margin (float): ``m`` in :math:`E_0 = m \\ln K`. Defaults to 0.4.
        d_margin (float): :math:`\\epsilon`. Defaults to 0.05 (the paper's
            ImageNet value and the library's default; its CIFAR-10-C setting
            is 0.4).
        fisher_alpha (float): :math:`\\beta`. Defaults to 2000 (the paper's
            and the library's default; its CIFAR-10-C setting is 1).
        prob_momentum (float): :math:`\\alpha` of the moving average.
            Defaults to 0.1.
        steps (int): As :class:`TentAdapter`.
        norm_types (Sequence[str]): As :class:`SARAdapter` (EATA too adapts
            GroupNorm and LayerNorm layers).
        init_cfg (dict, optional): Initialisation config.
    """

    method = 'EATA'

    def __init__(self,
                 classifier: Union[dict, nn.Module],
                 optimizer: Optional[dict] = None,
                 margin: float = 0.4,
                 d_margin: float = 0.05,
                 fisher_alpha: float = 2000.,
                 prob_momentum: float = 0.1,
                 steps: int = 1,
                 norm_types: Sequence[str] = BATCH_NORM_TYPES,
                 init_cfg: Optional[dict] = None) -> None:
        if fisher_alpha < 0:
            raise ValueError('EATAAdapter: model.fisher_alpha must be >= 0, '
                             f'got {fisher_alpha}')
        if not 0 < prob_momentum <= 1:
            raise ValueError('EATAAdapter: model.prob_momentum must be in '
                             f'(0, 1], got {prob_momentum}')
        super().__init__(
            classifier,
            optimizer=optimizer,
            steps=steps,
            norm_types=norm_types,
            init_cfg=init_cfg)
        self.margin = margin
        self.d_margin = d_margin
        self.fisher_alpha = fisher_alpha
        self.prob_momentum = prob_momentum
        self.moving_probs: Optional[Tensor] = None
        self.fisher: Optional[List[Tensor]] = None
        self.anchors: Optional[List[Tensor]] = None

    def reset(self) -> None:
        super().reset()
        self.moving_probs = None

    def compute_fisher(self, batches: Iterable[Tensor]) -> None:
        """Compute the Fisher importance (:func:`fisher_diagonal`) of the
        adapted parameters at their current values, which become
        :math:`\\theta^o`, from source batches (preprocessed inputs), each
        with its own batch statistics, as in adaptation. No parameter, no
        gradient and no optimizer state changes.

        Args:
            batches (Iterable[Tensor]): The source inputs, batch by batch.
        """
        params = [p for _, p in self.params]
        was_training = self.training
        # as the library's model in eval mode: only the norm layers keep
        # their train mode (batch statistics)
        self.eval()

        def grads():
            for inputs in batches:
                logits = self.classifier(inputs, mode='tensor')
                loss = F.cross_entropy(logits, logits.max(1)[1])
                yield torch.autograd.grad(loss, params)

        try:
            with torch.enable_grad():
                self.fisher = fisher_diagonal(grads())
        finally:
            self.train(was_training)
        self.anchors = [p.detach().clone() for p in params]

    def adapt(self, inputs: Tensor) -> Tensor:
        if self.fisher_alpha > 0 and self.fisher is None:
            raise RuntimeError(
                f'EATAAdapter: model.fisher_alpha={self.fisher_alpha} needs '
                'the Fisher importance of source data before the first test '
                "batch: add dict(type='FisherImportanceHook', dataloader="
                '<a source dataloader>) to custom_hooks, or set '
                'model.fisher_alpha=0 (ETA)')
        with torch.enable_grad():
            for _ in range(self.steps):
                logits = self.classifier(inputs, mode='tensor')
                loss = self._loss(logits)
                if loss is not None:
                    loss.backward()
                    self.optimizer.step()
                self.optimizer.zero_grad()
        return logits.detach()

    def _loss(self, logits: Tensor) -> Optional[Tensor]:
        """The loss of Eq. 8 on one batch (None when no sample is left),
        moving the average of the probabilities."""
        e0 = self.margin * math.log(logits.shape[1])
        entropies = softmax_entropy(logits)
        keep = reliable(entropies, e0)
        entropies, probs = entropies[keep], logits[keep].softmax(1)
        diverse = non_redundant(probs, self.moving_probs, self.d_margin)
        entropies = entropies[diverse]
        self.moving_probs = update_moving_probs(self.moving_probs,
                                                probs[diverse],
                                                self.prob_momentum)
        if len(entropies) == 0:
            return None
        loss = entropies.mul(entropy_weights(entropies, e0)).mean(0)
        if self.fisher_alpha > 0:
            loss = loss + fisher_penalty([p for _, p in self.params],
                                         self.fisher, self.anchors,
                                         self.fisher_alpha)
        return loss
