# Copyright (c) mmda contributors. All rights reserved.
import numpy as np
import pytest
from matplotlib.image import imread

from mmda.analysis import (confusion_matrix, per_class_accuracy,
                           per_class_table, plot_confusion_matrix)

LABELS = np.array([0, 0, 0, 1, 1, 2])
PREDS = np.array([0, 0, 1, 1, 0, 2])


def test_matrix_rows_are_true_classes():
    expected = np.array([[2, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 0],
                         [0, 0, 0, 0]])
    np.testing.assert_array_equal(confusion_matrix(PREDS, LABELS, 4), expected)


def test_per_class_accuracy_and_table():
    matrix = confusion_matrix(PREDS, LABELS, 4)
    acc = per_class_accuracy(matrix)
    np.testing.assert_allclose(acc[:3], [2 / 3, 1 / 2, 1.0])
    assert np.isnan(acc[3])
    table = per_class_table(matrix, ['a', 'b', 'c', 'd'])
    assert '| a | 3 | 66.67 |' in table
    assert '| d | 0 | - |' in table
    assert '| **overall** | 6 | 66.67 |' in table
    # Mean over the classes that have samples: (66.67 + 50 + 100) / 3.
    assert '| **mean per class** | | 72.22 |' in table


def test_unlabelled_samples_are_refused():
    with pytest.raises(ValueError, match='unlabelled'):
        confusion_matrix(np.array([0, 1]), np.array([0, -1]), 2)


def test_png_has_the_asked_size(tmp_path):
    path = plot_confusion_matrix(
        confusion_matrix(PREDS, LABELS, 4),
        str(tmp_path / 'cm.png'),
        classes=list('abcd'),
        size_px=(250, 220))
    assert imread(path).shape[:2] == (220, 250)
