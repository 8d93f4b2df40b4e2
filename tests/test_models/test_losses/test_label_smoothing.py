# Copyright (c) mmda contributors. All rights reserved.
"""SHOT's source stage uses mmpretrain's LabelSmoothLoss: check it is the
paper's smoothing, q = (1 - eps) onehot + eps / K, eps = 0.1."""
import math

import pytest
import torch
from mmpretrain.models import LabelSmoothLoss


def test_label_smooth_loss_matches_shot_by_hand():
    loss = LabelSmoothLoss(label_smooth_val=0.1, mode='original')
    logits = torch.log(torch.tensor([[0.5, 0.25, 0.25]]))
    q = [0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3]
    expected = -(q[0] * math.log(0.5) + 2 * q[1] * math.log(0.25))
    assert loss(logits, torch.tensor([0])).item() == pytest.approx(expected)
