# Copyright (c) mmda contributors. All rights reserved.
"""Confusion matrix and per-class accuracy of a classifier on one domain.

The matrix is mmpretrain's ``ConfusionMatrix.calculate``: row = true
class, column = predicted class. Per-class accuracy is the diagonal over
the row sums (the recall of each class); its mean over classes is the
"mean per-class accuracy" that VisDA-2017 reports.
"""
from typing import Optional, Sequence, Tuple

import numpy as np
from mmpretrain.evaluation import ConfusionMatrix

from .png_figure import new_figure, save_png


def confusion_matrix(preds: np.ndarray, labels: np.ndarray,
                     num_classes: int) -> np.ndarray:
    """Counts of (true class, predicted class) pairs.

    Args:
        preds (np.ndarray): ``(N,)`` predicted labels.
        labels (np.ndarray): ``(N,)`` true labels, all in
            ``[0, num_classes)``.
        num_classes (int): Number of classes.

    Returns:
        np.ndarray: ``(C, C)`` int64 counts, rows true, columns predicted.
    """
    labels = np.asarray(labels)
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f'labels must be in [0, {num_classes}), got range '
            f'[{labels.min()}, {labels.max()}]; is the split unlabelled?')
    return ConfusionMatrix.calculate(
        np.asarray(preds), labels,
        num_classes=num_classes).numpy().astype(np.int64)


def per_class_accuracy(matrix: np.ndarray) -> np.ndarray:
    """Accuracy of each true class (diagonal / row sum), NaN for a class
    with no sample.

    Args:
        matrix (np.ndarray): ``(C, C)`` confusion matrix, rows true.

    Returns:
        np.ndarray: ``(C,)`` accuracies in [0, 1].
    """
    matrix = np.asarray(matrix, dtype=np.float64)
    support = matrix.sum(axis=1)
    with np.errstate(invalid='ignore', divide='ignore'):
        return np.where(support > 0, np.diag(matrix) / support, np.nan)


def per_class_table(matrix: np.ndarray,
                    classes: Optional[Sequence[str]] = None) -> str:
    """A markdown table of each class's sample count and accuracy (%),
    with the overall and the mean per-class accuracy at the bottom.

    Args:
        matrix (np.ndarray): ``(C, C)`` confusion matrix, rows true.
        classes (Sequence[str], optional): Class names; indices if absent.

    Returns:
        str: The table.
    """
    matrix = np.asarray(matrix)
    classes = list(classes) if classes else [
        str(i) for i in range(len(matrix))
    ]
    acc = per_class_accuracy(matrix) * 100
    rows = ['| class | samples | accuracy (%) |', '|---|---:|---:|']
    for name, n, a in zip(classes, matrix.sum(axis=1), acc):
        rows.append(f'| {name} | {int(n)} | '
                    f'{"-" if np.isnan(a) else f"{a:.2f}"} |')
    overall = 100 * np.trace(matrix) / max(matrix.sum(), 1)
    rows.append(f'| **overall** | {int(matrix.sum())} | {overall:.2f} |')
    rows.append(f'| **mean per class** | | {np.nanmean(acc):.2f} |')
    return '\n'.join(rows)


def plot_confusion_matrix(matrix: np.ndarray,
                          path: str,
                          classes: Optional[Sequence[str]] = None,
                          normalize: bool = True,
                          title: Optional[str] = None,
                          size_px: Tuple[int, int] = (600, 560),
                          dpi: int = 100) -> str:
    """Draw the matrix as a heat map, rows normalised to per-class rates.

    Args:
        matrix (np.ndarray): ``(C, C)`` confusion matrix, rows true.
        path (str): Output PNG.
        classes (Sequence[str], optional): Tick labels.
        normalize (bool): Show each row as fractions of its class, so
            small classes are as readable as large ones. Defaults to True.
        title (str, optional): Figure title.
        size_px (tuple[int, int]): PNG size in pixels.
        dpi (int): Dots per inch.

    Returns:
        str: ``path``.
    """
    matrix = np.asarray(matrix, dtype=np.float64)
    num_classes = len(matrix)
    if normalize:
        support = matrix.sum(axis=1, keepdims=True)
        shown = np.divide(
            matrix, support, out=np.zeros_like(matrix), where=support > 0)
    else:
        shown = matrix
    classes = list(classes) if classes else [
        str(i) for i in range(num_classes)
    ]
    fig = new_figure(size_px, dpi)
    ax = fig.add_subplot()
    image = ax.imshow(
        shown, cmap='Blues', vmin=0, vmax=1 if normalize else None)
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    ticks = np.arange(num_classes)
    ax.set_xticks(ticks, classes, rotation=90 if num_classes > 10 else 0)
    ax.set_yticks(ticks, classes)
    ax.set_xlabel('predicted class')
    ax.set_ylabel('true class')
    if num_classes <= 20:
        # Values are legible only while the cells are large enough.
        threshold = shown.max() / 2 if shown.size else 0
        for i in range(num_classes):
            for j in range(num_classes):
                text = f'{shown[i, j]:.2f}' if normalize else \
                    f'{int(shown[i, j])}'
                ax.text(
                    j,
                    i,
                    text,
                    ha='center',
                    va='center',
                    fontsize=6 if num_classes > 10 else 7,
                    color='white' if shown[i, j] > threshold else 'black')
    if title:
        ax.set_title(title, fontsize='small')
    return save_png(fig, path)
