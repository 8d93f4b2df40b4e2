# Copyright (c) mmda contributors. All rights reserved.
"""Per-sample L2 feature norms of two domains and their histograms.

Xu et al., "Larger Norm More Transferable: An Adaptive Feature Norm
Approach for Unsupervised Domain Adaptation" (ICCV 2019), observe that
target features have much smaller norms than source features in a
source-trained network (their Figure 1), and that enlarging the norms
helps transfer (the AFN losses). The histograms below are that figure for
any mmda checkpoint.
"""
from typing import Dict, Optional, Tuple

import numpy as np

from .png_figure import new_figure, save_png

DOMAIN_COLORS = {'source': 'tab:blue', 'target': 'tab:red'}


def l2_norms(features: np.ndarray) -> np.ndarray:
    r"""Per-sample L2 norm :math:`\|f(x)\|_2` of ``(N, D)`` features.

    Args:
        features (np.ndarray): ``(N, D)`` features, one row per sample.

    Returns:
        np.ndarray: ``(N,)`` norms.
    """
    features = np.asarray(features, dtype=np.float64)
    if features.ndim != 2:
        raise ValueError(f'features must be (N, D), got {features.shape}')
    return np.sqrt(np.sum(features * features, axis=1))


def plot_norm_histograms(norms: Dict[str, np.ndarray],
                         path: str,
                         bins: int = 40,
                         title: Optional[str] = None,
                         size_px: Tuple[int, int] = (640, 400),
                         dpi: int = 100) -> str:
    """Overlaid histograms of feature norms, one per domain, with each
    domain's mean as a dashed line.

    Each histogram is a density (area 1), so domains of different sizes
    compare by shape rather than by sample count.

    Args:
        norms (dict[str, np.ndarray]): Domain name to ``(N,)`` norms.
        path (str): Output PNG.
        bins (int): Number of bins, shared by all domains so that heights
            compare. Defaults to 40.
        title (str, optional): Figure title.
        size_px (tuple[int, int]): PNG size in pixels.
        dpi (int): Dots per inch.

    Returns:
        str: ``path``.
    """
    if not norms:
        raise ValueError('no norms to plot')
    edges = np.histogram_bin_edges(
        np.concatenate(list(norms.values())), bins=bins)
    fig = new_figure(size_px, dpi)
    ax = fig.add_subplot()
    for name, values in norms.items():
        color = DOMAIN_COLORS.get(name)
        ax.hist(
            values,
            bins=edges,
            density=True,
            alpha=0.5,
            color=color,
            label=f'{name} (mean {np.mean(values):.2f})')
        ax.axvline(np.mean(values), color=color, linestyle='--')
    ax.set_xlabel('feature L2 norm')
    ax.set_ylabel('density')
    ax.legend()
    if title:
        ax.set_title(title, fontsize='small')
    return save_png(fig, path)
