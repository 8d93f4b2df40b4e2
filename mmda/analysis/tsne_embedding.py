# Copyright (c) mmda contributors. All rights reserved.
"""Two-dimensional t-SNE maps of features, coloured by domain or class.

t-SNE (van der Maaten & Hinton, "Visualizing Data using t-SNE", JMLR 2008)
places points so that neighbours in feature space stay neighbours on the
plane. DA papers (e.g. DANN, Ganin et al. JMLR 2016, Figure 4) use it to
show whether source and target features mix.
"""
from typing import Optional, Sequence, Tuple

import numpy as np
from matplotlib import colormaps
from sklearn.manifold import TSNE

from .png_figure import new_figure, save_png

MARKERS = ('o', '^', 's', 'D', 'v', 'P')


def tsne_embedding(features: np.ndarray,
                   perplexity: float = 30.0,
                   seed: int = 0) -> np.ndarray:
    """Embed ``(N, D)`` features in 2-D with scikit-learn's exact-seed
    t-SNE.

    Args:
        features (np.ndarray): ``(N, D)`` features, ``N >= 4``.
        perplexity (float): Effective number of neighbours. It is lowered
            to ``(N - 1) / 3`` for small ``N``, since each point needs
            about three times that many neighbours. Defaults to 30.
        seed (int): Seed of the PCA initialisation and optimisation.

    Returns:
        np.ndarray: ``(N, 2)`` coordinates.
    """
    features = np.asarray(features, dtype=np.float32)
    if features.ndim != 2 or len(features) < 4:
        raise ValueError('t-SNE needs (N, D) features with N >= 4, got '
                         f'{features.shape}')
    perplexity = min(perplexity, (len(features) - 1) / 3)
    return TSNE(
        n_components=2, perplexity=perplexity, init='pca',
        random_state=seed).fit_transform(features)


def plot_embedding(points: np.ndarray,
                   groups: np.ndarray,
                   group_names: Sequence[str],
                   path: str,
                   markers: Optional[np.ndarray] = None,
                   marker_names: Optional[Sequence[str]] = None,
                   title: Optional[str] = None,
                   size_px: Tuple[int, int] = (600, 600),
                   dpi: int = 100) -> str:
    """Scatter 2-D points, one colour per group and optionally one marker
    shape per second grouping (e.g. colour = class, marker = domain).

    Args:
        points (np.ndarray): ``(N, 2)`` coordinates.
        groups (np.ndarray): ``(N,)`` integer group of each point, indexing
            ``group_names``.
        group_names (Sequence[str]): Legend entry of each colour.
        path (str): Output PNG.
        markers (np.ndarray, optional): ``(N,)`` integer index into
            ``marker_names``.
        marker_names (Sequence[str], optional): Legend entry of each shape.
        title (str, optional): Figure title.
        size_px (tuple[int, int]): PNG size in pixels.
        dpi (int): Dots per inch.

    Returns:
        str: ``path``.
    """
    points = np.asarray(points)
    groups = np.asarray(groups)
    if markers is None:
        markers, marker_names = np.zeros(len(points), dtype=int), ['']
    cmap = colormaps['tab10' if len(group_names) <= 10 else 'tab20']
    fig = new_figure(size_px, dpi)
    ax = fig.add_subplot()
    for m, marker_name in enumerate(marker_names):
        for g, group_name in enumerate(group_names):
            keep = (groups == g) & (markers == m)
            if not keep.any():
                continue
            # One legend entry per colour; shapes get their own entries.
            label = group_name if m == 0 or not (
                (groups == g) & (markers == 0)).any() else None
            ax.scatter(
                points[keep, 0],
                points[keep, 1],
                s=6,
                alpha=0.7,
                color=cmap(g % cmap.N),
                marker=MARKERS[m % len(MARKERS)],
                label=label,
                linewidths=0)
    if len(marker_names) > 1:
        for m, marker_name in enumerate(marker_names):
            ax.scatter([], [],
                       color='grey',
                       marker=MARKERS[m % len(MARKERS)],
                       label=marker_name)
    ax.legend(fontsize='x-small', markerscale=2, loc='best', ncol=2)
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize='small')
    return save_png(fig, path)
