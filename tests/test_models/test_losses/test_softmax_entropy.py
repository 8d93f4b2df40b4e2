# Copyright (c) mmda contributors. All rights reserved.
import math

import torch

from mmda.models import entropy, softmax_entropy


def test_softmax_entropy_is_the_entropy_of_the_softmax():
    logits = torch.tensor([[0., 0., 0., 0.], [10., 0., 0., 0.],
                           [1., 2., 3., 4.]])
    h = softmax_entropy(logits)
    assert torch.allclose(h[0], torch.tensor(math.log(4)))
    assert torch.allclose(h, entropy(logits.softmax(1), eps=0.), atol=1e-6)


def test_softmax_entropy_is_finite_for_extreme_logits():
    # entropy(softmax) without eps gives 0 * log(0) = nan here.
    h = softmax_entropy(torch.tensor([[1000., -1000.]], requires_grad=True))
    h.sum().backward()
    assert torch.isfinite(h).all() and h.item() < 1e-6
