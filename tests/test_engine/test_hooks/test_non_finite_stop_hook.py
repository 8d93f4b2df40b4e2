# Copyright (c) mmda contributors. All rights reserved.
"""The one loss path on a DG config: a plain mmpretrain ImageClassifier
inside PluggedModel (CNSN on the digits LeNet) gets the non-finite stop."""

import pytest
import torch
from mmengine.hooks import Hook
from mmengine.runner import Runner
from tiny_runs import assert_last_checkpoint_is, dg_cfg

from mmda.engine.hooks import model_non_finite_tensors
from mmda.models.algorithms import RankAveragedLosses


class _Break(Hook):
    """At one iteration, fill a tensor of the model with ``inf``."""

    def __init__(self, at_iter, name):
        self.at_iter, self.name = at_iter, name

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        if runner.iter + 1 == self.at_iter:
            state = dict(runner.model.named_parameters())
            state.update(runner.model.named_buffers())
            with torch.no_grad():
                state[self.name].fill_(float('inf'))


def test_dg_model_gets_the_loss_path(tmp_path):
    runner = Runner.from_cfg(dg_cfg(tmp_path, max_iters=5))
    runner.register_hook(_Break(3, 'head.fc.weight'))
    with pytest.raises(
            FloatingPointError,
            match=r'iteration 3/5: '
            r'non-finite loss \(loss=.*loss_cls=.*\)\. Training '
            'stopped before any checkpoint of this iteration'):
        runner.train()
    # The loss path is the model's own (PluggedModel builds the stock
    # class with it), not an attribute a hook put on the instance.
    assert isinstance(runner.model, RankAveragedLosses)
    assert 'parse_losses' not in vars(runner.model)
    assert type(runner.model).__name__ == 'ImageClassifier'
    assert_last_checkpoint_is(tmp_path, 2)


def test_non_finite_buffer_stops_before_the_checkpoint(tmp_path):
    # a running variance of inf leaves the training loss finite (batch
    # statistics are used), but the saved model would predict NaN
    runner = Runner.from_cfg(dg_cfg(tmp_path, max_iters=5))
    runner.register_hook(_Break(3, 'neck.norm.running_var'))
    with pytest.raises(
            FloatingPointError,
            match=r'iteration 3/5: '
            r'non-finite parameters or buffers after the step '
            r'\(neck.norm.running_var \(\d+ inf of \d+\)\)'):
        runner.train()
    assert_last_checkpoint_is(tmp_path, 2)


def test_non_finite_tensors_names_parameters_and_buffers():
    model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm1d(2))
    assert model_non_finite_tensors(model) == []
    with torch.no_grad():
        model[0].bias[0] = float('nan')
        model[1].running_var[1] = float('inf')
    assert model_non_finite_tensors(model) == [
        '0.bias (1 nan of 2)', '1.running_var (1 inf of 2)'
    ]
