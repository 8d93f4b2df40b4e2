# Copyright (c) mmda contributors. All rights reserved.
"""The projects/ example: mmda plugins in a backbone defined outside
mmda, built from its classic mmpretrain-scope config."""
import os.path as osp

import torch
from mmengine.config import Config
from mmengine.optim import OptimWrapper
from mmengine.registry import DefaultScope, init_default_scope
from mmengine.utils import import_modules_from_strings
from mmpretrain.structures import DataSample
from tool_runs import REPO

from mmda.models.layers import CNSN, RSC

CONFIG = osp.join(
    REPO, 'projects/plugins_example/configs/'
    'tinyconvnet_cnsn-rsc_200i_digits-mnist5k.py')


def test_project_config_builds_and_trains_a_step():
    cfg = Config.fromfile(CONFIG)
    import_modules_from_strings(**cfg.custom_imports)
    from mmengine.registry import MODELS
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        init_default_scope('mmpretrain')
        model = MODELS.build(cfg.model)
    assert type(model.backbone).__name__ == 'TinyConvNet'
    kinds = [type(m) for m in model.mmda_plugins.values()]
    assert kinds == [CNSN, CNSN, RSC]
    batch = dict(
        inputs=torch.randint(0, 255, (8, 1, 28, 28)).float(),
        data_samples=[DataSample().set_gt_label(i % 10) for i in range(8)])
    # as the config's RSCBatchPercentHook draws it in a run
    model.mmda_plugins.backbone_after.spatial = True
    optim = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.01))
    losses = model.train_step(batch, optim)
    assert torch.isfinite(losses['loss'])
