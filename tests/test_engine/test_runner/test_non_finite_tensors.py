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


def test_a_norm_that_overflows_on_finite_values_is_not_reported():
    """The fast test is each tensor's norm; 1e30 squared overflows float32,
    so the values themselves decide."""
    big = torch.full((4, ), 1e30)
    assert not torch.isfinite(torch.linalg.vector_norm(big))
    assert non_finite_tensors(dict(big=big, ok=torch.ones(2))) == []
    assert non_finite_tensors(
        dict(big=big,
             bad=torch.tensor([1.0, float('nan')]))) == ['bad (1 nan of 2)']


def test_mixed_dtypes_and_parameters():
    state = dict(
        half=torch.tensor([1.0, float('inf')]).half(),
        double=torch.tensor([1e300, 2.0], dtype=torch.float64),
        param=torch.nn.Parameter(torch.tensor([float('nan'), 1.0])),
        empty=torch.zeros(0))
    assert non_finite_tensors(state) == [
        'half (1 inf of 2)', 'param (1 nan of 2)'
    ]
