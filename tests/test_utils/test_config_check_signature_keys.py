# Copyright (c) mmda contributors. All rights reserved.
"""A class declares the keys it accepts in its signature, or in how its
source uses ``**kwargs``: no list of class names to edit."""
import pytest
from mmengine.config import Config
from mmengine.hooks import Hook

from mmda.registry import HOOKS
from mmda.utils import ConfigKeyError, check_config
from mmda.utils.config_check import accepted_arguments


class _NewArgHook(Hook):
    """A hook with an argument no list knows."""

    def __init__(self, warmup_ratio: float = 0.1) -> None:
        self.warmup_ratio = warmup_ratio


def _config(**hook):
    HOOKS.register_module(
        name='_NewArgHookForCfgCheck', module=_NewArgHook, force=True)
    return Config(
        dict(
            default_scope='mmda',
            model=dict(type='LeNet'),
            custom_hooks=[dict(type='_NewArgHookForCfgCheck', **hook)]))


def test_a_new_registered_class_is_checked_by_its_signature():
    check_config(_config(warmup_ratio=0.2))
    check_config(_config(), {'custom_hooks.0.warmup_ratio': 0.2})
    with pytest.raises(ConfigKeyError) as info:
        check_config(_config(warmup_ratoi=0.2))
    assert "unknown key 'custom_hooks.0.warmup_ratoi': not an argument of " \
        "_NewArgHook; did you mean 'warmup_ratio'?" in str(info.value)


class _Refuses:

    def __init__(self, a=1, **kwargs):
        self.b = kwargs.pop('b', 2)
        _explain(kwargs)
        if kwargs:
            raise TypeError(f'unexpected {sorted(kwargs)}')


def _explain(kwargs):
    pass


def test_kwargs_refused_when_left_accept_only_the_keys_taken_out():
    assert accepted_arguments(_Refuses) == {'a', 'b'}


class _StoresForRunner(Hook):

    def __init__(self, interval=1, **kwargs):
        self.interval = interval
        self.save_args = kwargs

    def after_train_iter(self,
                         runner,
                         batch_idx,
                         data_batch=None,
                         outputs=None):
        runner.save_checkpoint('out', 'x.pth', meta=None, **self.save_args)


def test_kwargs_spread_into_a_runner_method_take_its_other_arguments():
    assert accepted_arguments(_StoresForRunner) == {
        'interval', 'file_client_args', 'save_optimizer',
        'save_param_scheduler', 'by_epoch', 'backend_args'
    }


class _Base:

    def __init__(self, a=1, b=2):
        pass


def _keeps_keys(kwargs):
    kwargs['a'] = kwargs.get('a', 0) + 1
    return kwargs


def _drops_keys(kwargs):
    kwargs.pop('a', None)
    return kwargs


class _ThroughKeeper(_Base):

    def __init__(self, c=3, **kwargs):
        super().__init__(**_keeps_keys(kwargs))


class _ThroughDropper(_Base):

    def __init__(self, c=3, **kwargs):
        super().__init__(**_drops_keys(kwargs))


def test_kwargs_through_a_helper_that_returns_them_reach_the_base():
    assert accepted_arguments(_ThroughKeeper) == {'a', 'b', 'c'}
    # a helper that may take keys out: where they go is unknown
    assert accepted_arguments(_ThroughDropper) is None
