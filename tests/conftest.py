# Copyright (c) mmda contributors. All rights reserved.
"""Fixtures only; shared helpers live in modules of their own
(``tool_runs``, ``composition``, ``shot_target_stage``, ...)."""
import pytest


@pytest.fixture(scope='session', autouse=True)
def _register():
    from mmda.utils import register_all_modules
    register_all_modules(init_default_scope=False)


@pytest.fixture
def trusted_checkpoints():
    """Load mmengine's full checkpoints in-process as mmda's tools do
    (torch>=2.6 defaults to ``weights_only=True``, which cannot read them);
    mmda itself changes no loader on import."""
    from mmda.utils import trusted_local_checkpoints
    with trusted_local_checkpoints():
        yield


@pytest.fixture(scope='module')
def source_ckpt(tmp_path_factory):
    """A SHOT stage-1 digits checkpoint (2 iterations), for the target
    stage's loop and pseudo-label hook tests."""
    from mmengine.config import Config
    from mmengine.runner import Runner
    from shot_target_stage import SOURCE_CFG, common_options
    work = tmp_path_factory.mktemp('shot_source')
    cfg = Config.fromfile(SOURCE_CFG)
    cfg.merge_from_dict({
        **common_options(work), 'train_cfg.max_iters': 2,
        'param_scheduler.0.end': 2,
        'val_cfg': None,
        'val_dataloader': None,
        'val_evaluator': None
    })
    # no source validation here, so keep the last model (the config's
    # best-on-source-validation rule would refuse to start)
    cfg.default_hooks.checkpoint = cfg.last_source
    Runner.from_cfg(cfg).train()
    return str(work / 'iter_2.pth')
