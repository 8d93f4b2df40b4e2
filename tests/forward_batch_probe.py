# Copyright (c) mmda contributors. All rights reserved.
"""A hook that logs how many images reach the backbone in each training
iteration, for end-to-end runs of tools/train.py. Loaded in the child
process before it runs tools/train.py, and added with
``--cfg-options default_hooks.forward_batch.type=ForwardBatchProbeHook``
(the Runner registers every entry of ``default_hooks``)."""
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmda.registry import HOOKS


@HOOKS.register_module()
class ForwardBatchProbeHook(Hook):
    """Logs ``forward_batch``: the batch size of the last training pass
    through ``model.backbone``."""

    def before_train(self, runner) -> None:
        model = runner.model
        if is_model_wrapper(model):
            model = model.module
        self._size = None

        def record(module, args):
            if module.training:
                self._size = args[0].shape[0]

        model.backbone.register_forward_pre_hook(record)

    def after_train_iter(self,
                         runner,
                         batch_idx,
                         data_batch=None,
                         outputs=None) -> None:
        runner.message_hub.update_scalar('train/forward_batch', self._size)
