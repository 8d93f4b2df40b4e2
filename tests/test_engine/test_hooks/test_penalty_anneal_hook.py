# Copyright (c) mmda contributors. All rights reserved.
from types import SimpleNamespace

import pytest
import torch
from mmengine.logging import MessageHub
from torch import nn

from mmda.engine.hooks import PenaltyAnnealHook
from mmda.models import IRMPenalty, VRExPenalty


def _runner(it):
    model = nn.ModuleList([nn.Linear(2, 1), IRMPenalty(100.0), VRExPenalty()])
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model[0](torch.ones(1, 2)).sum().backward()
    optimizer.step()  # Adam now holds moments and a step count
    return SimpleNamespace(
        model=model,
        iter=it,
        optim_wrapper=SimpleNamespace(optimizer=optimizer),
        message_hub=MessageHub.get_instance(f'test_anneal_{it}'))


@pytest.mark.parametrize('it,annealed,cleared', [(3, False, False),
                                                 (4, True, True),
                                                 (5, True, False)])
def test_weights_switch_and_adam_resets_at_the_anneal_iteration(
        it, annealed, cleared):
    runner = _runner(it)
    hook = PenaltyAnnealHook(anneal_iters=4)
    hook.before_train(runner)
    hook.before_train_iter(runner, batch_idx=it)
    irm, vrex = runner.model[1], runner.model[2]
    assert irm.annealed is vrex.annealed is annealed
    assert irm.current_weight == (100.0 if annealed else 1.0)
    assert vrex.current_weight == (10.0 if annealed else 1.0)
    state = runner.optim_wrapper.optimizer.state
    assert (len(state) == 0) is cleared
    # the learning rate and the groups are kept
    assert runner.optim_wrapper.optimizer.param_groups[0]['lr'] == 1e-3
    assert runner.message_hub.get_scalar(
        'train/penalty_weight').current() == irm.current_weight


def test_without_reset_the_state_stays():
    runner = _runner(4)
    hook = PenaltyAnnealHook(anneal_iters=4, reset_optimizer=False)
    hook.before_train(runner)
    hook.before_train_iter(runner, batch_idx=4)
    assert len(runner.optim_wrapper.optimizer.state) == 2


def test_a_model_without_penalty_is_a_config_error():
    runner = SimpleNamespace(model=nn.Linear(2, 2))
    with pytest.raises(RuntimeError, match='no AnnealedPenalty'):
        PenaltyAnnealHook().before_train(runner)
    with pytest.raises(ValueError, match='anneal_iters'):
        PenaltyAnnealHook(anneal_iters=-1)
