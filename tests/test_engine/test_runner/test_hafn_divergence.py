# Copyright (c) mmda contributors. All rights reserved.
"""AFN's known hazard: HAFN with a huge radius R blows up. Training must
stop at that iteration, name it, and keep the last good checkpoint."""
import os.path as osp

import pytest
from mmengine.hooks import Hook
from mmengine.runner import Runner
from test_uda_train_loop import tiny_cfg
from tool_runs import REPO

HAFN_CFG = osp.join(REPO, 'configs/afn/hafn_lenet_2k_digits_uci2mnist5k.py')


class _HugeRadius(Hook):
    """From one iteration on, R is so large that (|f| - R)^2 overflows."""

    def __init__(self, at_iter):
        self.at_iter = at_iter

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        if runner.iter + 1 == self.at_iter:
            runner.model.da_losses[0].radius = 1e30


def test_hafn_non_finite_loss_stops_and_keeps_last_good_checkpoint(tmp_path):
    cfg = tiny_cfg(HAFN_CFG, tmp_path, max_iters=5)
    runner = Runner.from_cfg(cfg)
    runner.register_hook(_HugeRadius(at_iter=3))
    with pytest.raises(
            FloatingPointError,
            match=r'iteration 3/5: non-finite loss .*loss_hafn=inf'):
        runner.train()
    assert osp.isfile(tmp_path / 'iter_2.pth')
    assert not osp.exists(tmp_path / 'iter_3.pth')
    with open(tmp_path / 'last_checkpoint') as f:
        assert f.read().strip().endswith('iter_2.pth')
