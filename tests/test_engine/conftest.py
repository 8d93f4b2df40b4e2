# Copyright (c) mmda contributors. All rights reserved.
import pytest
from mmengine.config import Config
from mmengine.runner import Runner

from shot_target_stage import SOURCE_CFG, _common


@pytest.fixture(scope='module')
def source_ckpt(tmp_path_factory):
    work = tmp_path_factory.mktemp('shot_source')
    cfg = Config.fromfile(SOURCE_CFG)
    cfg.merge_from_dict({
        **_common(work), 'train_cfg.max_iters': 2,
        'param_scheduler.0.end': 2,
        'val_cfg': None,
        'val_dataloader': None,
        'val_evaluator': None
    })
    Runner.from_cfg(cfg).train()
    return str(work / 'iter_2.pth')
