# Copyright (c) mmda contributors. All rights reserved.
r"""The proxy A-distance between two feature sets.

Ben-David et al., "Analysis of Representations for Domain Adaptation"
(NeurIPS 2007) and "A Theory of Learning from Different Domains" (Machine
Learning 79, 2010) bound the target error by the source error plus the
:math:`\mathcal{H}\Delta\mathcal{H}`-divergence of the two feature
distributions. The divergence, an :math:`\mathcal{A}`-distance

.. math:: d_\mathcal{A}(\mathcal{D}_S, \mathcal{D}_T) =
          2 \sup_{A \in \mathcal{A}} |\Pr_{\mathcal{D}_S}(A)
          - \Pr_{\mathcal{D}_T}(A)|,

cannot be computed exactly, but its empirical value follows from how well
a classifier of the hypothesis class tells the domains apart (2010,
Lemma 2); the 2007 paper names the estimate the proxy A-distance:

.. math:: \hat{d}_\mathcal{A} = 2 (1 - 2 \epsilon),

where :math:`\epsilon` is the domain classifier's error on held-out
samples. Ganin et al. (JMLR 2016, "Proxy Distance") report it with a linear
classifier on the learned features, as done here: 0 means the domains are
indistinguishable, 2 that they are linearly separable.
"""
from typing import Optional

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

CLASSIFIERS = ('logistic', 'svm')


def a_distance_from_error(error: float) -> float:
    r"""Proxy A-distance :math:`2 (1 - 2 \epsilon)` of a domain-classifier
    error.

    An error above chance (0.5) means the classifier found no difference
    (it only fits noise of the training half), so it counts as chance and
    the distance is clipped to 0, the true A-distance's lower bound.

    Args:
        error (float): Held-out error of the domain classifier, in [0, 1].

    Returns:
        float: The proxy A-distance, in [0, 2].
    """
    if not 0.0 <= error <= 1.0:
        raise ValueError(f'error must be in [0, 1], got {error}')
    return 2.0 * (1.0 - 2.0 * min(error, 0.5))


def _balanced(feats: np.ndarray, size: int,
              rng: np.random.Generator) -> np.ndarray:
    if len(feats) == size:
        return feats
    return feats[np.sort(rng.choice(len(feats), size, replace=False))]


def domain_classifier_error(source: np.ndarray,
                            target: np.ndarray,
                            classifier: str = 'logistic',
                            C: float = 1.0,
                            test_ratio: float = 0.5,
                            seed: int = 0) -> float:
    """Held-out error of a linear classifier trained to tell source from
    target.

    Both domains are first subsampled to the same size, so that chance is
    an error of 0.5 whatever the domain sizes; otherwise always answering
    the larger domain would look like a difference between them.
    Features are standardised on the training half.

    Args:
        source (np.ndarray): ``(N_s, D)`` source features.
        target (np.ndarray): ``(N_t, D)`` target features.
        classifier (str): ``'logistic'`` (scikit-learn's
            ``LogisticRegression``) or ``'svm'`` (``LinearSVC``, as in Ganin
            et al. 2016). Defaults to ``'logistic'``.
        C (float): Inverse regularisation strength. Defaults to 1.0.
        test_ratio (float): Held-out fraction of each domain. Defaults to
            0.5.
        seed (int): Seed of the subsampling and the split. Defaults to 0.

    Returns:
        float: The error on the held-out samples.
    """
    source = np.asarray(source, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    if source.ndim != 2 or target.ndim != 2 or \
            source.shape[1] != target.shape[1]:
        raise ValueError('source and target must be (N, D) arrays with the '
                         f'same D, got {source.shape} and {target.shape}')
    if classifier not in CLASSIFIERS:
        raise ValueError(f'classifier must be one of {CLASSIFIERS}, got '
                         f'{classifier!r}')
    size = min(len(source), len(target))
    n_test = int(round(2 * size * test_ratio))
    if n_test < 2 or 2 * size - n_test < 2:
        raise ValueError(
            f'too few samples for a held-out split: {len(source)} source and '
            f'{len(target)} target with test_ratio={test_ratio}')
    rng = np.random.default_rng(seed)
    feats = np.concatenate(
        [_balanced(source, size, rng),
         _balanced(target, size, rng)])
    domains = np.repeat([0, 1], size)
    x_train, x_test, y_train, y_test = train_test_split(
        feats, domains, test_size=n_test, stratify=domains, random_state=seed)
    if classifier == 'logistic':
        model = LogisticRegression(C=C, max_iter=2000)
    else:
        model = LinearSVC(C=C, max_iter=5000)
    clf = make_pipeline(StandardScaler(), model)
    clf.fit(x_train, y_train)
    return float(np.mean(clf.predict(x_test) != y_test))


def proxy_a_distance(source: np.ndarray,
                     target: np.ndarray,
                     classifier: str = 'logistic',
                     C: float = 1.0,
                     test_ratio: float = 0.5,
                     seed: Optional[int] = 0) -> float:
    r"""Proxy A-distance :math:`2 (1 - 2 \epsilon)` between two feature
    sets (Ben-David et al. 2007, 2010).

    Args:
        source (np.ndarray): ``(N_s, D)`` source features.
        target (np.ndarray): ``(N_t, D)`` target features.
        classifier (str): ``'logistic'`` or ``'svm'``.
        C (float): Inverse regularisation strength of the classifier.
        test_ratio (float): Held-out fraction on which :math:`\epsilon` is
            measured.
        seed (int): Seed of the subsampling and split.

    Returns:
        float: The distance, from 0 (indistinguishable) to 2 (separable).
    """
    error = domain_classifier_error(
        source,
        target,
        classifier=classifier,
        C=C,
        test_ratio=test_ratio,
        seed=seed)
    return a_distance_from_error(error)
