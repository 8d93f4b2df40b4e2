# Copyright (c) mmda contributors. All rights reserved.
from mmengine.hooks import Hook

from mmda.engine.runner.rng_state import (RNG_STATE_KEY, get_rng_state,
                                          set_rng_state)
from mmda.registry import HOOKS


@HOOKS.register_module()
class RNGStateHook(Hook):
    """Store the random generators' states in every checkpoint.

    mmengine seeds the generators once at start-up, so a resumed run draws
    different dropout masks and samples than an uninterrupted one. This hook
    writes the states into the checkpoint's message-hub section, which
    ``--resume`` loads back (``load_from`` does not). ``UDATrainLoop``
    restores them after it has skipped the batches already trained on,
    where the uninterrupted run stood when it saved, so a resumed run
    matches an uninterrupted one step for step.

    Validation (which draws a loader seed from torch's generator) runs
    between the generators' states saved before it and restored after it,
    so validating does not change the training trajectory: a resumed run,
    which restores the states saved before validation, continues as the
    uninterrupted one did.
    """

    priority = 'VERY_LOW'

    def before_val(self, runner) -> None:
        self._before_val = get_rng_state()

    def after_val(self, runner) -> None:
        set_rng_state(self._before_val)

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        checkpoint['message_hub']['runtime_info'][RNG_STATE_KEY] = (
            get_rng_state())
