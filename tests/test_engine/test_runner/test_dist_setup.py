# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch
from mmengine.config import Config

from mmda.utils import setup_distributed


@pytest.mark.skipif(torch.cuda.is_available(), reason='CPU-only behaviour')
def test_cpu_run_records_gloo_not_nccl():
    cfg = Config(dict(env_cfg=dict(dist_cfg=dict(backend='nccl'))))
    setup_distributed('none', cfg)
    assert cfg.env_cfg.dist_cfg == dict(backend='gloo')
