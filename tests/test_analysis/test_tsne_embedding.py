# Copyright (c) mmda contributors. All rights reserved.
import numpy as np
import pytest
from matplotlib.image import imread

from mmda.analysis import plot_embedding, tsne_embedding


def test_far_clusters_stay_apart():
    rng = np.random.default_rng(0)
    feats = np.concatenate(
        [rng.normal(size=(20, 5)),
         rng.normal(size=(20, 5)) + 20.0])
    points = tsne_embedding(feats, seed=0)
    assert points.shape == (40, 2)
    a, b = points[:20], points[20:]
    gap = np.linalg.norm(a.mean(0) - b.mean(0))
    spread = max(a.std(0).max(), b.std(0).max())
    assert gap > 3 * spread


def test_too_few_points_are_refused():
    with pytest.raises(ValueError, match='N >= 4'):
        tsne_embedding(np.zeros((3, 2)))


def test_png_with_classes_and_domain_markers(tmp_path):
    rng = np.random.default_rng(1)
    path = plot_embedding(
        rng.normal(size=(30, 2)),
        rng.integers(0, 3, 30), ['x', 'y', 'z'],
        str(tmp_path / 'e.png'),
        markers=rng.integers(0, 2, 30),
        marker_names=['source', 'target'],
        size_px=(200, 180))
    assert imread(path).shape[:2] == (180, 200)
