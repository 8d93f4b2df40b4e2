# Copyright (c) mmda contributors. All rights reserved.
import math

import pytest
import torch

from mmda.models import information_maximization_loss


def _h(*p):
    return -sum(q * math.log(q) for q in p if q > 0)


def test_im_loss_by_hand():
    probs = torch.tensor([[0.8, 0.2], [0.6, 0.4]])
    # L_ent = mean of the rows' entropies; L_div = entropy of (0.7, 0.3)
    expected = (_h(0.8, 0.2) + _h(0.6, 0.4)) / 2 - _h(0.7, 0.3)
    assert information_maximization_loss(probs).item() == pytest.approx(
        expected, abs=1e-4)


def test_im_loss_extremes():
    # certain and diverse: 0 - log 2; uniform: log 2 - log 2
    certain = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    assert information_maximization_loss(certain).item() == pytest.approx(
        -math.log(2), abs=1e-4)
    uniform = torch.full((3, 2), 0.5)
    assert information_maximization_loss(uniform).item() == pytest.approx(
        0.0, abs=1e-5)
    # certain but collapsed onto one class: no diversity reward
    collapsed = torch.tensor([[1.0, 0.0], [1.0, 0.0]])
    assert information_maximization_loss(collapsed).item() == pytest.approx(
        0.0, abs=1e-4)
