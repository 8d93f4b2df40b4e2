# Copyright (c) mmda contributors. All rights reserved.
from mmengine.hooks import Hook

from mmda.evaluation.metric_names import check_save_best
from mmda.registry import HOOKS


@HOOKS.register_module()
class SaveBestCheckHook(Hook):
    """Refuse, before training, a ``CheckpointHook(save_best=...)`` key that
    the validation never computes.

    ``MultiValLoop`` checks this itself when it is built; this hook does
    the same for runs with mmengine's ``ValLoop``. See
    :func:`mmda.evaluation.metric_names.check_save_best`.
    """

    priority = 'VERY_HIGH'

    def before_train(self, runner) -> None:
        # Only a training run saves checkpoints; its val loop (or None) is
        # built by then.
        check_save_best(runner, runner.val_loop)
