# Copyright (c) mmda contributors. All rights reserved.
"""The hooks that drive RSC set what the layer reads: its spatial- or
channel-wise choice and its batch percentage."""
from types import SimpleNamespace

import pytest
from mmengine.logging import MessageHub
from torch import nn

from mmda.engine.hooks import (RSCBatchPercentHook, RSCSpatialChoiceHook,
                               rsc_batch_percent)
from mmda.models.layers import RSC, rsc_spatial_choice


def _runner(name, seed=7, it=12, epoch=0):
    layers = [RSC(spatial_prob=0.5), RSC(spatial_prob=0.5)]
    layers[1].where = "RSC at 'neck'"
    return SimpleNamespace(
        model=nn.Sequential(*layers),
        seed=seed,
        iter=it,
        epoch=epoch,
        message_hub=MessageHub.get_instance(name)), layers


def test_spatial_choice_is_drawn_from_seed_iteration_and_place():
    runner, layers = _runner('test_rsc_spatial_hook')
    hook = RSCSpatialChoiceHook()
    hook.before_train(runner)
    for it in range(16):
        runner.iter = it
        hook.before_train_iter(runner, batch_idx=it)
        expected = [rsc_spatial_choice(7, it, m.where, 0.5) for m in layers]
        assert [m.spatial for m in layers] == expected
        assert runner.message_hub.get_scalar(
            'train/rsc_spatial').current() == sum(expected) / 2
    # as the layer read them from the runtime info before (seed 7, iter 12)
    runner.iter = 12
    hook.before_train_iter(runner, batch_idx=12)
    assert layers[0].spatial == rsc_spatial_choice(7, 12, 'RSC', 0.5)


def test_batch_percent_hook_also_draws_the_choice():
    runner, layers = _runner('test_rsc_percent_hook', it=40, epoch=10)
    hook = RSCBatchPercentHook(start=0.3, step=0.2, interval=10)
    hook.before_train(runner)
    hook.before_train_iter(runner, batch_idx=0)
    assert [m.batch_percent
            for m in layers] == [rsc_batch_percent(10, 0.3, 0.2, 10, 1.0)] * 2
    assert [m.spatial for m in layers
            ] == [rsc_spatial_choice(7, 40, m.where, 0.5) for m in layers]


def test_hook_without_rsc_is_a_config_error():
    runner = SimpleNamespace(model=nn.Linear(2, 2))
    with pytest.raises(
            RuntimeError,
            match='RSCSpatialChoiceHook is '
            'configured but the model has no RSC'):
        RSCSpatialChoiceHook().before_train(runner)
