# Copyright (c) mmda contributors. All rights reserved.
"""Figures drawn off-screen and written as PNGs of an exact pixel size."""
import os
import os.path as osp
from typing import Tuple

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def new_figure(size_px: Tuple[int, int], dpi: int = 100) -> Figure:
    """Create a figure bound to the Agg canvas.

    A bare ``Figure`` with its own Agg canvas draws without a display and
    without touching pyplot's global backend, so the tools also run on
    headless machines and inside tests.

    Args:
        size_px (tuple[int, int]): Width and height of the PNG in pixels.
        dpi (int): Dots per inch used to convert the size. Defaults to 100.

    Returns:
        Figure: An empty figure.
    """
    width, height = size_px
    if width <= 0 or height <= 0 or dpi <= 0:
        raise ValueError(f'figure size and dpi must be positive, got '
                         f'size_px={size_px}, dpi={dpi}')
    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def save_png(fig: Figure, path: str) -> str:
    """Lay the figure out and write it as a PNG of exactly its pixel size.

    ``bbox_inches='tight'`` is avoided on purpose: it crops the canvas, so
    the PNG would no longer have the size the user asked for.

    Args:
        fig (Figure): A figure made by :func:`new_figure`.
        path (str): Output file; missing parent folders are created.

    Returns:
        str: ``path``.
    """
    parent = osp.dirname(osp.abspath(path))
    os.makedirs(parent, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=fig.dpi, format='png')
    return path
