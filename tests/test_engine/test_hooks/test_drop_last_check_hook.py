# Copyright (c) mmda contributors. All rights reserved.
"""drop_last with a batch larger than the dataset is refused, naming the
loader and the sizes (mmda/engine/hooks/drop_last_check_hook.py)."""
import pytest
import torch
from mmengine.runner import Runner
from tiny_runs import dg_cfg
from torch.utils.data import DataLoader, TensorDataset

from mmda.engine.hooks import DropLastCheckHook, drop_last_problem


def test_problem_only_with_drop_last_and_a_large_batch():
    data = TensorDataset(torch.zeros(5, 1))
    assert drop_last_problem(DataLoader(data, batch_size=8), 'x') is None
    assert drop_last_problem(
        DataLoader(data, batch_size=5, drop_last=True), 'x') is None
    assert drop_last_problem(
        DataLoader(data, batch_size=8, drop_last=True), 'x') == (
            'x: batch_size 8 is larger than the 5 samples its sampler draws '
            'from the dataset TensorDataset (5 in all), with drop_last=True: '
            'no full batch of distinct samples can be drawn. Lower the batch '
            'size or set drop_last=False.')


def test_train_loader_is_checked_before_training(tmp_path):
    cfg = dg_cfg(tmp_path)
    assert dict(type=DropLastCheckHook) in cfg.custom_hooks
    cfg.train_dataloader.dataset.indices = 4
    cfg.train_dataloader.drop_last = True
    runner = Runner.from_cfg(cfg)
    with pytest.raises(
            ValueError,
            match=r'^train_dataloader: batch_size 8 is larger than the 4 '
            r'samples its sampler draws from the dataset UCIDigits'):
        runner.train()
    assert runner.iter == 0
