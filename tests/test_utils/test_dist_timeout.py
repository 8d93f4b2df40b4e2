# Copyright (c) mmda contributors. All rights reserved.
"""env_cfg.dist_cfg.timeout in seconds (mmda/utils/dist_timeout.py)."""
import datetime

import pytest
import torch
from mmengine.config import Config

from mmda.utils import setup_distributed
from mmda.utils.dist_timeout import timeout_in_seconds, timeout_timedelta


@pytest.mark.parametrize('value, seconds',
                         [(60, 60.0), (2.5, 2.5),
                          (datetime.timedelta(minutes=1), 60.0), (None, None)])
def test_seconds_become_a_timedelta(value, seconds):
    got = timeout_timedelta(value)
    assert (got and got.total_seconds()) == seconds


@pytest.mark.parametrize('value, error', [(0, ValueError), (-5, ValueError),
                                          (True, TypeError),
                                          ('60', TypeError)])
def test_bad_timeouts_are_named(value, error):
    with pytest.raises(error, match=r'env_cfg\.dist_cfg\.timeout must be'):
        timeout_timedelta(value)


@pytest.mark.skipif(torch.cuda.is_available(), reason='the gloo path')
def test_process_group_gets_the_timeout(monkeypatch):
    started = {}
    monkeypatch.setattr(torch.distributed, 'init_process_group',
                        lambda **kwargs: started.update(kwargs))
    monkeypatch.setattr(torch.distributed, 'is_initialized', lambda: False)
    for name, value in dict(
            RANK='0', WORLD_SIZE='1', MASTER_ADDR='127.0.0.1',
            MASTER_PORT='29999').items():
        monkeypatch.setenv(name, value)
    cfg = Config(dict(env_cfg=dict(dist_cfg=dict(backend='nccl', timeout=90))))
    with timeout_in_seconds(cfg):
        setup_distributed('pytorch', cfg)
    assert started == dict(
        backend='gloo', timeout=datetime.timedelta(seconds=90))
    # the config keeps the seconds, so that its dump loads again
    assert cfg.env_cfg.dist_cfg == dict(backend='gloo', timeout=90)
    Config.fromstring(cfg.dump(), '.py')


def test_config_without_timeout_is_left_alone():
    cfg = Config(dict(env_cfg=dict(dist_cfg=dict(backend='gloo'))))
    with timeout_in_seconds(cfg):
        assert 'timeout' not in cfg.env_cfg.dist_cfg
    assert cfg.env_cfg.dist_cfg == dict(backend='gloo')
