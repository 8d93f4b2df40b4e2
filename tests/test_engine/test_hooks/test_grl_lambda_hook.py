# Copyright (c) mmda contributors. All rights reserved.
import math
from types import SimpleNamespace

import pytest
from mmengine.logging import MessageHub
from torch import nn

from mmda.engine.hooks import GRLLambdaHook, dann_lambda
from mmda.models import GradientReverseLayer


def test_schedule_values():
    assert dann_lambda(0.0) == 0.0
    assert dann_lambda(0.5) == pytest.approx(2 / (1 + math.exp(-5)) - 1)
    assert dann_lambda(1.0) == pytest.approx(0.9999092, abs=1e-6)
    assert dann_lambda(
        1.0, max_value=0.1) == pytest.approx(
            0.09999092, abs=1e-7)


def test_hook_sets_every_layer_from_runner_progress():
    model = nn.Sequential(GradientReverseLayer(), nn.Linear(2, 2),
                          GradientReverseLayer())
    runner = SimpleNamespace(
        model=model,
        iter=30,
        max_iters=120,
        message_hub=MessageHub.get_instance('test_grl_hook'))
    hook = GRLLambdaHook(gamma=10.0)
    hook.before_train(runner)
    hook.before_train_iter(runner, batch_idx=30)
    expected = dann_lambda(0.25)
    assert model[0].coeff == pytest.approx(expected)
    assert model[2].coeff == pytest.approx(expected)
    assert runner.message_hub.get_scalar(
        'train/grl_lambda').current() == pytest.approx(expected)


def test_hook_without_grl_is_a_config_error():
    runner = SimpleNamespace(model=nn.Linear(2, 2))
    with pytest.raises(RuntimeError, match='no GradientReverseLayer'):
        GRLLambdaHook().before_train(runner)


def _tllib_warm_start(iter_num, alpha=1.0, max_iters=1000):
    # tllib.modules.grl.WarmStartGradientReverseLayer's coefficient
    # (lo=0, hi=1), written out from its documented formula.
    return 2.0 / (1.0 + math.exp(-alpha * iter_num / max_iters)) - 1.0


@pytest.mark.parametrize('iteration', [0, 1, 500, 1000, 1999, 5000])
def test_fixed_horizon_matches_tllib_warm_start(iteration):
    model = nn.Sequential(GradientReverseLayer())
    runner = SimpleNamespace(
        model=model,
        iter=iteration,
        max_iters=2000,
        message_hub=MessageHub.get_instance('test_grl_horizon'))
    hook = GRLLambdaHook(gamma=1.0, horizon=1000)
    hook.before_train(runner)
    hook.before_train_iter(runner, batch_idx=iteration)
    assert model[0].coeff == pytest.approx(_tllib_warm_start(iteration))
    with pytest.raises(ValueError, match='horizon must be >= 1'):
        GRLLambdaHook(horizon=0)
