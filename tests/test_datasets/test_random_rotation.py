# Copyright (c) mmda contributors. All rights reserved.
import numpy as np
import pytest

from mmda.datasets import RandomRotation


def test_angle_is_uniform_in_the_range():
    transform = RandomRotation(max_angle=10)
    np.random.seed(0)
    angles = np.array([transform._random_angle() for _ in range(2000)])
    assert angles.min() >= -10 and angles.max() <= 10
    assert angles.min() < -9.5 and angles.max() > 9.5
    assert abs(angles.mean()) < 0.5


def test_rotation_moves_pixels_about_the_centre(monkeypatch):
    img = np.zeros((28, 28), np.uint8)
    img[4, 13:15] = 255  # a mark above the centre (13.5, 13.5)
    monkeypatch.setattr(np.random, 'uniform', lambda low, high: 90.0)
    out = RandomRotation(max_angle=90)(dict(img=img))['img']
    assert out.shape == (28, 28) and out.dtype == np.uint8
    # 90 degrees about the centre takes the mark to the middle row, at
    # the same distance from the centre; nearest sampling keeps 0/255 only
    # and the corners are filled with 0.
    rows, cols = np.nonzero(out)
    assert set(np.unique(out)) <= {0, 255}
    assert set(rows) <= {13, 14} and len(cols) == 2
    assert all(abs(c - 13.5) > 8 for c in cols)


def test_bad_angle_is_refused():
    with pytest.raises(ValueError, match='max_angle must be > 0'):
        RandomRotation(max_angle=0)
    assert 'max_angle=10' in repr(RandomRotation(10))
