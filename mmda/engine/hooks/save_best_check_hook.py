# Copyright (c) mmda contributors. All rights reserved.
from mmengine.hooks import Hook

from mmda.engine.runner.metric_names import check_save_best
from mmda.registry import HOOKS


@HOOKS.register_module()
class SaveBestCheckHook(Hook):
    """Refuse, before training, a ``CheckpointHook(save_best=...)`` key that
    the validation never computes.

    ``MultiValLoop`` checks this itself when it is built; this hook does
    the same for runs with mmengine's ``ValLoop``. See
    :func:`mmda.engine.runner.metric_names.check_save_best`.
    """

    priority = 'VERY_HIGH'

    def before_run(self, runner) -> None:
        # Runner.train builds the val loop before calling before_run;
        # `runner.val_loop` would build it again for test-only runs.
        loop = runner._val_loop
        if not getattr(runner, '_train_loop', None) or isinstance(
                runner._train_loop, dict):
            return
        check_save_best(runner, None if isinstance(loop, dict) else loop)
