# Copyright (c) mmda contributors. All rights reserved.
"""Scores of a classifier computed without target labels.

Pure functions over the softmax probabilities (or features) of a whole
unlabelled target split, used by the validators in
:mod:`mmda.evaluation.metrics.unsupervised_validators` to choose
checkpoints and hyper-parameters without target labels. Logarithms are
natural; ``0 log 0 = 0``.
"""
from typing import Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor


def check_probabilities(probs: Tensor, what: str = 'probabilities') -> None:
    """Raise if ``probs`` is not an ``(N, C)`` matrix with ``N >= 2`` samples
    and ``C >= 2`` classes: an empty split, a single sample or a one-class
    classifier gives no usable score (NaN or a constant)."""
    if probs.dim() != 2:
        raise ValueError(f'{what}: expected an (N, C) matrix, got shape '
                         f'{tuple(probs.shape)}')
    n, c = probs.shape
    if n == 0:
        raise ValueError(f'{what}: the target split is empty; an '
                         'unsupervised validator needs its samples')
    if n < 2:
        raise ValueError(f'{what}: the target split has {n} sample; an '
                         'unsupervised validator needs at least 2')
    if c < 2:
        raise ValueError(f'{what}: {c} class; every prediction is certain '
                         'and every score constant. A validator needs a '
                         'classifier over at least 2 classes')


def _entropy(probs: Tensor, dim: int = -1) -> Tensor:
    return -torch.special.xlogy(probs, probs).sum(dim=dim)


def prediction_entropy(probs: Tensor) -> float:
    """Mean prediction entropy, ``1/N sum_i H(p_i)``. **Lower is better.**

    ``H(p) = -sum_k p_k log p_k``. The criterion of entropy minimisation
    (Grandvalet & Bengio, NeurIPS 2004) used as a validator, e.g. by
    Morerio et al. (ICLR 2018).

    Args:
        probs (Tensor): ``(N, C)`` softmax probabilities.
    """
    check_probabilities(probs)
    return float(_entropy(probs.double()).mean())


def information_maximization(probs: Tensor) -> float:
    """Information maximisation score, ``H(p_mean) - 1/N sum_i H(p_i)``.
    **Higher is better.**

    The mutual information between inputs and predicted labels estimated
    on the split: confident (low entropy) and diverse (high entropy of the
    mean prediction) predictions score high. The IM objective of
    Gomes et al. (NeurIPS 2010) and SHOT (Liang et al., ICML 2020,
    Eq. (2)-(3): ``L_ent + L_div`` is its negative).

    Args:
        probs (Tensor): ``(N, C)`` softmax probabilities.
    """
    check_probabilities(probs)
    probs = probs.double()
    diversity = _entropy(probs.mean(dim=0))
    return float(diversity - _entropy(probs).mean())


def batch_nuclear_norm(probs: Tensor) -> float:
    """Nuclear norm of the prediction matrix over the split,
    ``||A||_* / N``. **Higher is better.**

    Cui et al., "Towards Discriminability and Diversity: Batch Nuclear-norm
    Maximization under Label Insufficient Situations", CVPR 2020, Eq. (8):
    ``L_bnm = -||A||_* / B`` for a batch ``A`` of ``B`` softmax rows; here
    ``A`` is the whole split's ``(N, C)`` matrix and the score is
    ``-L_bnm``: the sum of its singular values, divided by ``N``.

    Args:
        probs (Tensor): ``(N, C)`` softmax probabilities.
    """
    check_probabilities(probs)
    probs = probs.double()
    return float(torch.linalg.svdvals(probs).sum() / probs.shape[0])


def soft_neighborhood_density(probs: Tensor,
                              temperature: float = 0.05,
                              chunk_size: int = 1024) -> float:
    """Soft neighbourhood density. **Higher is better.**

    Saito et al., "Tune it the Right Way: Unsupervised Validation of Domain
    Adaptation via Soft Neighborhood Density", ICCV 2021, Sec. 3.2:
    with ``f_i`` the L2-normalised softmax output of sample ``i``,
    ``M_ij = f_i . f_j`` (Eq. (1)), ``P_ij = exp(M_ij / tau) /
    sum_{j' != i} exp(M_ij' / tau)`` over the other samples (Eq. (2)) and
    ``SND = -1/N sum_i sum_{j != i} P_ij log P_ij`` (Eq. (3)),
    ``tau = 0.05``.

    Computed in row chunks, so memory grows as ``chunk_size * N``.

    Args:
        probs (Tensor): ``(N, C)`` softmax probabilities.
        temperature (float): ``tau``. Defaults to 0.05.
        chunk_size (int): Rows of ``M`` computed at once.
    """
    check_probabilities(probs)
    if temperature <= 0:
        raise ValueError(f'SND temperature must be positive, got '
                         f'{temperature}')
    feats = F.normalize(probs.double(), dim=1)
    n = feats.shape[0]
    total = feats.new_zeros(())
    for start in range(0, n, chunk_size):
        rows = torch.arange(start, min(start + chunk_size, n))
        sim = feats[rows] @ feats.T / temperature
        sim[torch.arange(len(rows)), rows] = float('-inf')  # j != i
        log_p = torch.log_softmax(sim, dim=1)
        total = total - torch.special.xlogy(log_p.exp(), log_p.exp()).sum()
    return float(total / n)


def deep_embedded_validation(source_losses: Tensor,
                             density_ratios: Tensor) -> float:
    """Deep embedded validation risk. **Lower is better.**

    You et al., "Towards Accurate Model Selection in Deep Unsupervised
    Domain Adaptation", ICML 2019, Algorithm 1: the source validation
    losses ``l_i``, weighted by the density ratios
    ``w_i = p_t(x_i) / p_s(x_i)`` of those samples, ``L_i = w_i l_i``, with
    the control variate ``eta = -Cov(L, w) / Var(w)``:
    ``R = mean(L) + eta mean(w) - eta``.

    The density ratios come from a domain classifier trained on source
    and target features (see :func:`density_ratios`).

    Args:
        source_losses (Tensor): ``(N,)`` per-sample losses on the labelled
            source validation split.
        density_ratios (Tensor): ``(N,)`` ``w_i`` of the same samples.
    """
    losses = source_losses.double().reshape(-1)
    weights = density_ratios.double().reshape(-1)
    if losses.shape != weights.shape:
        raise ValueError(f'DEV: {losses.numel()} losses but '
                         f'{weights.numel()} density ratios')
    if losses.numel() < 2:
        raise ValueError('DEV: the source validation split needs at least '
                         f'2 samples, got {losses.numel()}')
    weighted = weights * losses
    # unbiased (N - 1) estimates, as Algorithm 1's Cov and Var
    cov = torch.cov(torch.stack([weighted, weights]))
    var_w = cov[1, 1]
    eta = -cov[0, 1] / var_w if var_w > 0 else weights.new_zeros(())
    return float(weighted.mean() + eta * weights.mean() - eta)


def density_ratios(domain_probs: Tensor,
                   num_source: int,
                   num_target: int,
                   eps: Optional[float] = 1e-12) -> Tensor:
    """Density ratios ``p_t(x) / p_s(x)`` from a domain classifier.

    You et al. (ICML 2019), Sec. 4.2: a classifier trained to tell target
    (label 1) from source (label 0) features, with output ``d(x)`` the
    probability of target, gives ``w(x) = N_s / N_t * d(x) / (1 - d(x))``.

    Args:
        domain_probs (Tensor): ``(N,)`` probabilities of *target*.
        num_source (int): Source samples the classifier was trained on.
        num_target (int): Target samples it was trained on.
        eps (float): Floor of ``1 - d(x)``.
    """
    d = domain_probs.double().reshape(-1)
    return num_source / num_target * d / (1 - d).clamp_min(eps)


#: Weight decays DEV's reference implementation tries for its domain
#: classifier (You et al., ICML 2019; thuml/Deep-Embedded-Validation).
DEV_DECAYS = (1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5)


def dev_domain_probs(source_feats: Tensor,
                     target_feats: Tensor,
                     val_feats: Tensor,
                     decays: Sequence[float] = DEV_DECAYS,
                     seed: int = 0) -> Tensor:
    """Probability of *target* for the source validation features, from
    DEV's domain classifier.

    As You et al. (ICML 2019), Sec. 4.2 and their reference code: an MLP
    with hidden layers ``(d, d, 2)`` and ReLU (scikit-learn's
    ``MLPClassifier``) is trained to tell source training features from
    target features on 80 % of them, once per weight decay in ``decays``;
    the one most accurate on the other 20 % gives the probabilities.
    Unlike the reference, the split is stratified and seeded, so the
    result is reproducible.
    Feed the result to :func:`density_ratios`.

    Args:
        source_feats (Tensor): ``(N_s, d)`` source training features.
        target_feats (Tensor): ``(N_t, d)`` target features.
        val_feats (Tensor): ``(N_v, d)`` source validation features.
        decays (Sequence[float]): L2 penalties tried.
        seed (int): Seed of the split and of the MLPs.

    Returns:
        Tensor: ``(N_v,)`` probabilities of the target domain.
    """
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier
    if len(source_feats) < 2 or len(target_feats) < 2:
        raise ValueError('DEV: the domain classifier needs at least 2 '
                         f'source and 2 target samples, got '
                         f'{len(source_feats)} and {len(target_feats)}')
    feats = torch.cat([source_feats, target_feats]).double().numpy()
    labels = np.r_[np.zeros(len(source_feats), dtype=np.int64),
                   np.ones(len(target_feats), dtype=np.int64)]
    x_fit, x_held, y_fit, y_held = train_test_split(
        feats, labels, train_size=0.8, random_state=seed, stratify=labels)
    d = feats.shape[1]
    best, best_acc = None, -1.0
    for decay in decays:
        mlp = MLPClassifier(
            hidden_layer_sizes=(d, d, 2),
            activation='relu',
            alpha=decay,
            random_state=seed)
        mlp.fit(x_fit, y_fit)
        acc = float((mlp.predict(x_held) == y_held).mean())
        if acc > best_acc:
            best, best_acc = mlp, acc
    probs = best.predict_proba(val_feats.double().numpy())
    return torch.from_numpy(probs[:, list(best.classes_).index(1)])
