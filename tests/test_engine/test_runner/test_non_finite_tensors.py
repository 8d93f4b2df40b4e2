# Copyright (c) mmda contributors. All rights reserved.
import torch

from mmda.utils import non_finite_tensors


def test_names_each_poisoned_tensor_with_counts():
    state = dict(
        ok=torch.ones(3),
        steps=torch.tensor(7),  # integer buffers are skipped
        var=torch.tensor([1.0, float('inf'), float('-inf')]),
        w=torch.tensor([[float('nan'), 0.0], [float('inf'), 1.0]]))
    assert non_finite_tensors(state) == [
        'var (2 inf of 3)', 'w (1 nan and 1 inf of 4)'
    ]
    assert non_finite_tensors(dict(ok=torch.zeros(2))) == []
