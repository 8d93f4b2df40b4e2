# Copyright (c) mmda contributors. All rights reserved.
"""Kernel two-sample discrepancies: DAN's MK-MMD and JAN's JMMD.

Long et al., "Learning Transferable Features with Deep Adaptation
Networks" (DAN), ICML 2015, Sec. 3.1, Eq. (1): the squared distance
between the source and target mean embeddings in the RKHS of a sum of
Gaussian kernels (the multi-kernel MMD, MK-MMD), with, for SGD, the
linear-time unbiased estimate of Gretton et al. (2012) (DAN Sec. 3.2).

Long et al., "Deep Transfer Learning with Joint Adaptation Networks" (JAN),
ICML 2017, Sec. 4 (the joint MMD ``D_L(P, Q)`` and its empirical
estimate): the same discrepancy between the joint distributions of several
layers' activations, whose kernel is the product of one kernel per layer
(JMMD); JAN applies it to the bottleneck features and the softmax
outputs.

Both are written as one estimator: with ``n`` source rows ``z^s`` and ``n``
target rows ``z^t`` stacked into ``Z = [z^s; z^t]`` (``2n`` rows), a kernel
matrix ``K`` over ``Z`` and a fixed ``(2n, 2n)`` weight matrix ``W`` (the
estimator, :func:`mmd_estimator_weights`),

    D = sum_ij W_ij K_ij + 2 / (n - 1).

The constant is tllib's (``tllib/alignment/dan.py``): it carries no
gradient and is kept so that the values match tllib's module.
"""
from typing import Dict, Sequence

import torch
from torch import Tensor, nn

from mmda.registry import MODELS


def gaussian_kernel_matrix(
    x: Tensor, alphas: Sequence[float] = (), sigmas: Sequence[float] = ()
) -> Tensor:
    """The sum of Gaussian kernel matrices over the rows of ``x``.

    ``k(x_i, x_j) = exp(-||x_i - x_j||^2 / (2 sigma^2))`` (DAN, Sec. 3.1: a
    family of Gaussian kernels with varying bandwidths). Each ``alpha``
    sets its bandwidth from the batch, ``sigma^2 = alpha * mean_ij ||x_i -
    x_j||^2`` (the mean over all ``m^2`` pairs, diagonal included, carrying
    no gradient), as tllib's ``GaussianKernel(alpha=...)``; each ``sigma``
    is a fixed bandwidth, as ``GaussianKernel(sigma=...,
    track_running_stats=False)``.

    Args:
        x (Tensor): ``(m, d)`` rows (flattened from ``(m, ...)``).
        alphas (Sequence[float]): Multipliers of the mean squared pairwise
            distance, each ``> 0``.
        sigmas (Sequence[float]): Fixed bandwidths, each ``> 0``.

    Returns:
        Tensor: ``(m, m)``, the sum of the ``len(alphas) + len(sigmas)``
        kernel matrices.
    """
    if not len(alphas) + len(sigmas):
        raise ValueError('gaussian_kernel_matrix: no kernel (alphas and '
                         'sigmas are both empty)')
    if any(a <= 0 for a in alphas) or any(s <= 0 for s in sigmas):
        raise ValueError('gaussian_kernel_matrix: alphas and sigmas must be '
                         f'> 0, got alphas={alphas}, sigmas={sigmas}')
    x = x.flatten(1)
    # ||x_i||^2 + ||x_j||^2 - 2 x_i.x_j: one (m, m) product instead of an
    # (m, m, d) difference tensor (tllib's form), the same values up to
    # rounding; the clamp removes the rounding's negative zeros.
    sq_norm = (x * x).sum(dim=1)
    sq_dist = (sq_norm[:, None] + sq_norm[None] - 2 * x @ x.t()).clamp_min(0)
    mean_sq_dist = sq_dist.detach().mean()
    sigma_sqs = [a * mean_sq_dist for a in alphas] + [s * s for s in sigmas]
    return sum(torch.exp(-sq_dist / (2 * s2)) for s2 in sigma_sqs)


def mmd_estimator_weights(n: int, linear: bool) -> Tensor:
    """The weights ``W`` that turn a ``(2n, 2n)`` kernel matrix over
    ``[z^s; z^t]`` into the MMD estimate ``sum_ij W_ij K_ij``.

    - ``linear=False``: the unbiased quadratic-time estimate (DAN Sec.
      3.1's kernel expansion of Eq. (1), the diagonal terms left out of
      the within-domain sums),
      ``1/(n(n-1)) sum_{i != j} [k(s_i, s_j) + k(t_i, t_j)] - 2/n^2
      sum_ij k(s_i, t_j)``: ``W = 1/(n(n-1))`` off the diagonal of the two
      within-domain blocks, ``-1/n^2`` on both cross blocks.
    - ``linear=True``: the linear-time estimate (DAN Sec. 3.2) as tllib
      computes it, over the ``n`` cyclic, overlapping pairs ``(i, i + 1 mod
      n)`` (the paper's uses the ``n/2`` disjoint quad-tuples), ``1/n
      sum_i [k(s_i, s_i+1) + k(t_i, t_i+1) - k(s_i, t_i+1) - k(s_i+1,
      t_i)]``. tllib assigns each
      weight (it does not add them), which matters only for ``n = 2``,
      where the two pairs name the same cross entries; so does this.

    Args:
        n (int): Rows per domain, ``>= 2``.
        linear (bool): The linear-time estimate.

    Returns:
        Tensor: ``(2n, 2n)`` float64 weights (cast to the kernel's dtype
        when used).
    """
    if n < 2:
        raise ValueError(f'mmd_estimator_weights: needs n >= 2 rows per '
                         f'domain, got {n}')
    weights = torch.zeros(2 * n, 2 * n, dtype=torch.float64)
    if linear:
        i = torch.arange(n)
        j = (i + 1) % n
        weights[i, j] = 1. / n
        weights[i + n, j + n] = 1. / n
        weights[i, j + n] = -1. / n
        weights[j, i + n] = -1. / n
    else:
        within = (1 - torch.eye(n, dtype=torch.float64)) / (n * (n - 1))
        weights[:n, :n] = within
        weights[n:, n:] = within
        weights[:n, n:] = -1. / (n * n)
        weights[n:, :n] = -1. / (n * n)
    return weights


def _check_pair(z_s: Tensor, z_t: Tensor, name: str) -> int:
    if z_s.shape != z_t.shape:
        raise ValueError(
            f'{name}: source and target activations must have the same '
            f'shape (the estimator pairs source and target rows; set '
            f'train_dataloader.batch_size == target_dataloader.batch_size), '
            f'got {tuple(z_s.shape)} and {tuple(z_t.shape)}')
    return len(z_s)


def _estimate(kernel: Tensor, n: int, linear: bool) -> Tensor:
    weights = mmd_estimator_weights(n, linear).to(kernel)
    return (kernel * weights).sum() + 2. / (n - 1)


def mk_mmd(z_s: Tensor,
           z_t: Tensor,
           alphas: Sequence[float] = (0.125, 0.25, 0.5, 1., 2.),
           sigmas: Sequence[float] = (),
           linear: bool = True) -> Tensor:
    """DAN's multi-kernel MMD between source and target activations.

    DAN (ICML 2015) Eq. (1): ``d_k^2(p, q) = ||E_p[phi(z^s)] -
    E_q[phi(z^t)]||^2_Hk`` with ``k = sum_u k_u`` (Sec. 3.1's kernel family
    with equal weights, as tllib: the kernel values add up; the paper's
    learned weights beta are not used), estimated as ``sum W K + 2/(n-1)``
    (:func:`mmd_estimator_weights`, :func:`gaussian_kernel_matrix` over
    ``[z^s; z^t]``).

    Args:
        z_s (Tensor): Source activations, ``(n, ...)``.
        z_t (Tensor): Target activations, the same shape.
        alphas (Sequence[float]): Bandwidth multipliers. tllib's ``dan.py``:
            ``2^k, k = -3..1``.
        sigmas (Sequence[float]): Fixed bandwidths.
        linear (bool): Linear-time estimate (``dan.py``'s default; its
            ``--non-linear`` turns it off).

    Returns:
        Tensor: The scalar estimate.
    """
    n = _check_pair(z_s, z_t, 'mk_mmd')
    kernel = gaussian_kernel_matrix(torch.cat([z_s, z_t]), alphas, sigmas)
    return _estimate(kernel, n, linear)


def jmmd(zs_s: Sequence[Tensor],
         zs_t: Sequence[Tensor],
         layer_kernels: Sequence[dict],
         linear: bool = False) -> Tensor:
    """JAN's joint MMD over several layers' activations.

    JAN (ICML 2017) Sec. 4: the MMD of the joint distributions of
    layers ``L``, whose kernel is ``prod_{l in L} k^l(z_i^l, z_j^l)``, each
    ``k^l`` a sum of Gaussian kernels on layer ``l``; estimated as ``sum W
    K + 2/(n-1)`` with ``K`` the element-wise product of the layers'
    kernel matrices.

    Args:
        zs_s (Sequence[Tensor]): Each layer's source activations, ``(n,
            ...)``.
        zs_t (Sequence[Tensor]): Each layer's target activations.
        layer_kernels (Sequence[dict]): Per layer, the keyword arguments
            of :func:`gaussian_kernel_matrix` (``alphas``, ``sigmas``).
        linear (bool): Linear-time estimate (``jan.py``'s ``--linear``; off
            by default).

    Returns:
        Tensor: The scalar estimate.
    """
    if not len(zs_s) == len(zs_t) == len(layer_kernels) > 0:
        raise ValueError(
            'jmmd: needs one kernel per layer and at least one layer, got '
            f'{len(zs_s)} source, {len(zs_t)} target layers and '
            f'{len(layer_kernels)} layer_kernels')
    n = None
    kernel = 1.
    for z_s, z_t, kernels in zip(zs_s, zs_t, layer_kernels):
        n_layer = _check_pair(z_s, z_t, 'jmmd')
        if n is not None and n_layer != n:
            raise ValueError(f'jmmd: layers have {n} and {n_layer} rows')
        n = n_layer
        kernel = kernel * gaussian_kernel_matrix(
            torch.cat([z_s, z_t]), **kernels)
    return _estimate(kernel, n, linear)


def _checked_kernels(name: str, key: str, alphas: Sequence[float],
                     sigmas: Sequence[float]) -> dict:
    """Check one layer's kernels at build time, naming the config keys."""
    if not len(alphas) + len(sigmas):
        raise ValueError(f'{name}: {key}alphas and {key}sigmas are both '
                         'empty; give at least one kernel')
    for k, values in ((f'{key}alphas', alphas), (f'{key}sigmas', sigmas)):
        if any(v <= 0 for v in values):
            raise ValueError(f'{name}: {k} must all be > 0, got {values}')
    return dict(alphas=tuple(alphas), sigmas=tuple(sigmas))


@MODELS.register_module()
class MKMMDLoss(nn.Module):
    """DAN's MK-MMD as a ``da_losses`` entry of ``UDAImageClassifier``:
    ``loss_mkmmd = w * mk_mmd(f_s, f_t)`` on the features (the head's
    input; ``input_kind = 'features'``).

    Args:
        alphas (Sequence[float]): Bandwidth multipliers of the Gaussian
            kernels (:func:`gaussian_kernel_matrix`). tllib's ``dan.py``:
            ``(0.125, 0.25, 0.5, 1, 2)``.
        sigmas (Sequence[float]): Fixed bandwidths. Defaults to none.
        linear (bool): Linear-time estimate. ``dan.py``'s default: True.
        loss_weight (float): w (tllib's ``--trade-off``). ``dan.py``'s
            default: 1.0.
    """

    input_kind = 'features'

    def __init__(self,
                 alphas: Sequence[float] = (0.125, 0.25, 0.5, 1., 2.),
                 sigmas: Sequence[float] = (),
                 linear: bool = True,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        self.kernels = _checked_kernels('MKMMDLoss', '', alphas, sigmas)
        self.linear = linear
        self.loss_weight = loss_weight

    def forward(self, feats_s: Tensor, feats_t: Tensor) -> Dict[str, Tensor]:
        return dict(
            loss_mkmmd=self.loss_weight *
            mk_mmd(feats_s, feats_t, linear=self.linear, **self.kernels))

    def extra_repr(self) -> str:
        return (f'kernels={self.kernels}, linear={self.linear}, '
                f'loss_weight={self.loss_weight}')


@MODELS.register_module()
class JMMDLoss(nn.Module):
    """JAN's joint MMD over the features and the class probabilities as a
    ``da_losses`` entry of ``UDAImageClassifier``.

    ``input_kind = 'features_and_logits'``: called as ``loss(f_s, f_t,
    y_s, y_t)``; ``loss_jmmd = w * jmmd((f_s, softmax(y_s)), (f_t,
    softmax(y_t)))``. The probabilities are not detached: the loss reaches
    the classifier through them too, as in JAN and tllib's ``jan.py``.

    Args:
        feature_alphas (Sequence[float]): Bandwidth multipliers of the
            features' kernels. ``jan.py``: ``(0.125, 0.25, 0.5, 1, 2)``.
        feature_sigmas (Sequence[float]): Fixed bandwidths of the features'
            kernels. ``jan.py``: none.
        prob_alphas (Sequence[float]): Bandwidth multipliers of the
            probabilities' kernels. ``jan.py``: none.
        prob_sigmas (Sequence[float]): Fixed bandwidths of the
            probabilities' kernels. ``jan.py``: ``(0.92, )``.
        linear (bool): Linear-time estimate. ``jan.py``'s default: False.
        loss_weight (float): w (``--trade-off``). ``jan.py``: 1.0.
    """

    input_kind = 'features_and_logits'

    def __init__(self,
                 feature_alphas: Sequence[float] = (0.125, 0.25, 0.5, 1., 2.),
                 feature_sigmas: Sequence[float] = (),
                 prob_alphas: Sequence[float] = (),
                 prob_sigmas: Sequence[float] = (0.92, ),
                 linear: bool = False,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        self.layer_kernels = (_checked_kernels('JMMDLoss', 'feature_',
                                               feature_alphas, feature_sigmas),
                              _checked_kernels('JMMDLoss', 'prob_',
                                               prob_alphas, prob_sigmas))
        self.linear = linear
        self.loss_weight = loss_weight

    def forward(self, feats_s: Tensor, feats_t: Tensor, logits_s: Tensor,
                logits_t: Tensor) -> Dict[str, Tensor]:
        return dict(loss_jmmd=self.loss_weight *
                    jmmd((feats_s, logits_s.softmax(dim=1)),
                         (feats_t, logits_t.softmax(
                             dim=1)), self.layer_kernels, self.linear))

    def extra_repr(self) -> str:
        return (f'layer_kernels={self.layer_kernels}, linear={self.linear}, '
                f'loss_weight={self.loss_weight}')
