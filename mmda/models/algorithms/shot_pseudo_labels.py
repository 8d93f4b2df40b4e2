# Copyright (c) mmda contributors. All rights reserved.
"""SHOT's self-supervised pseudo-labels by cosine clustering.

Liang et al., "Do We Really Need to Access the Source Data? Source
Hypothesis Transfer for Unsupervised Domain Adaptation", ICML 2020,
Sec. 3.3, Eq. (4)-(6). The frozen source classifier's predictions seed one
centroid per class in the target feature space; every sample takes the
label of its nearest centroid (cosine distance), and one more round with
hard labels refines the centroids.
"""
from typing import Optional

import torch
import torch.nn.functional as F
from torch import Tensor


def shot_pseudo_labels(features: Tensor,
                       probs: Tensor,
                       eps: float = 1e-8,
                       drop_unpredicted: bool = False) -> Tensor:
    """Label every target sample by its nearest class centroid.

    Features get a column of ones appended and are L2-normalised (as SHOT's
    code: the constant column keeps near-zero features away from the
    origin, where the cosine is unstable). Then:

    - Eq. (4): ``c_k = sum_x p_k(x) f(x) / sum_x p_k(x)``;
    - Eq. (5): ``y(x) = argmin_k (1 - cos(f(x), c_k))``;
    - Eq. (6): ``c_k = mean of f(x) over {x : y(x) = k}``, and Eq. (5)
      again. A class no sample was given in this round has no centroid and
      is skipped.

    The two official codes differ in the first round (tim-learn/SHOT):

    - ``digit/uda_digit.py`` (``drop_unpredicted=False``, the default) lets
      every class compete in Eq. (5). (In its hard round a class left empty
      gets a zero centroid, whose cosine distance is NaN, and
      ``np.argmin`` then returns that class for every sample; mmda skips
      the class instead.)
    - ``object/image_target.py`` (``drop_unpredicted=True``) keeps in
      Eq. (5) only the classes that are the argmax of at least one
      sample's ``probs`` (``labelset``, ``threshold=0``).

    All operations are matrix products over the whole set (no Python loop
    over samples or classes).

    Args:
        features (Tensor): Bottleneck features of the whole target set,
            ``(N, D)``.
        probs (Tensor): Softmax outputs of the source classifier, ``(N, K)``.
        eps (float): Guards the division by a class's total weight.
        drop_unpredicted (bool): Leave out of the first round the classes
            that no sample predicts (SHOT's object code). Defaults to False
            (SHOT's digits code).

    Returns:
        Tensor: ``(N,)`` int64 labels in ``[0, K)``.
    """
    if features.dim() != 2 or probs.dim() != 2 or len(features) != len(probs):
        raise ValueError('shot_pseudo_labels expects features (N, D) and '
                         f'probs (N, K); got {tuple(features.shape)} and '
                         f'{tuple(probs.shape)}')
    feats = features.double()
    feats = torch.cat([feats, feats.new_ones(len(feats), 1)], dim=1)
    feats = F.normalize(feats, dim=1)
    weights = probs.double()
    predicted = None
    if drop_unpredicted:
        predicted = torch.bincount(
            probs.argmax(dim=1), minlength=probs.shape[1]) > 0
    labels = _nearest_centroid(
        feats, _centroids(feats, weights, eps), valid=predicted)
    hard = F.one_hot(labels, probs.shape[1]).double()
    return _nearest_centroid(
        feats, _centroids(feats, hard, eps), valid=hard.sum(dim=0) > 0)


def _centroids(feats: Tensor, weights: Tensor, eps: float) -> Tensor:
    """``(K, D)`` weighted means: ``c_k = W[:, k]^T F / sum W[:, k]``."""
    return weights.t() @ feats / (weights.sum(dim=0)[:, None] + eps)


def _nearest_centroid(feats: Tensor,
                      centroids: Tensor,
                      valid: Optional[Tensor] = None) -> Tensor:
    # feats are unit vectors: the argmin of the cosine distance is the
    # argmax of the dot product with the normalised centroids.
    cosine = feats @ F.normalize(centroids, dim=1).t()
    if valid is not None:
        cosine[:, ~valid] = float('-inf')
    return cosine.argmax(dim=1)
