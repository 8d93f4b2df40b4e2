# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch

from mmda.engine.schedulers import InverseDecayLR


def test_lr_follows_dann_annealing():
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=0.01)
    total = 50
    sched = InverseDecayLR(
        opt, alpha=10, beta=0.75, by_epoch=False, begin=0, end=total)
    for step in range(total):
        expected = 0.01 / (1 + 10 * step / total)**0.75
        assert opt.param_groups[0]['lr'] == pytest.approx(expected, rel=1e-9)
        opt.step()
        sched.step()


def test_requires_finite_end():
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    with pytest.raises(ValueError, match='finite `end`'):
        InverseDecayLR(opt, by_epoch=False)
