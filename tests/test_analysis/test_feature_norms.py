# Copyright (c) mmda contributors. All rights reserved.
import numpy as np
import pytest
from matplotlib.image import imread

from mmda.analysis import l2_norms, plot_norm_histograms


def test_l2_norms_by_hand():
    feats = np.array([[3.0, 4.0], [0.0, 0.0], [-1.0, 0.0]])
    np.testing.assert_allclose(l2_norms(feats), [5.0, 0.0, 1.0])


def test_l2_norms_need_rows():
    with pytest.raises(ValueError, match=r'\(N, D\)'):
        l2_norms(np.zeros(3))


def test_histogram_png_has_the_asked_size(tmp_path):
    rng = np.random.default_rng(0)
    path = plot_norm_histograms(
        dict(source=rng.normal(5, 1, 50), target=rng.normal(2, 1, 80)),
        str(tmp_path / 'sub' / 'norms.png'),
        size_px=(300, 200),
        dpi=50)
    assert imread(path).shape[:2] == (200, 300)
