# Copyright (c) mmda contributors. All rights reserved.
"""Every RSC config runs the official batch-percentage curriculum."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config
from tool_runs import REPO

from mmda.engine.hooks import RSCBatchPercentHook, rsc_batch_percent

RSC_CONFIGS = sorted(
    glob.glob(osp.join(REPO, 'configs/rsc/*.py')) +
    glob.glob(osp.join(REPO, 'mmda/configs/rsc/*.py')))


def test_there_are_rsc_configs():
    assert len(RSC_CONFIGS) >= 18


@pytest.mark.parametrize('config', RSC_CONFIGS, ids=osp.basename)
def test_rsc_config_enables_the_curriculum(config):
    cfg = Config.fromfile(config)
    hooks = [h for h in cfg.custom_hooks if h['type'] is RSCBatchPercentHook]
    assert len(hooks) == 1, config
    hook = hooks[0]
    if hook['by_epoch']:
        length = cfg.train_cfg.max_epochs
        expected = (0.3, 0.2, 10)
        assert (hook['start'], hook['step'], hook['interval']) == expected
    else:
        length = cfg.train_cfg.max_iters
    # thirds of the run at 0.3, 0.5 and 0.7, as the official 30 epochs
    values = [
        rsc_batch_percent(p, hook['start'], hook['step'], hook['interval'],
                          hook.get('max_value', 1.0)) for p in range(length)
    ]
    assert values[0] == pytest.approx(0.3)
    assert values[length // 2] == pytest.approx(0.5)
    assert values[-1] == pytest.approx(0.7)
