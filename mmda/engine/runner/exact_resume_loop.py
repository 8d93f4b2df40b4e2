# Copyright (c) mmda contributors. All rights reserved.
import logging
from typing import Iterator, List

from mmengine.logging import print_log
from mmengine.runner import IterBasedTrainLoop

from .rng_state import RNG_STATE_KEY, get_rng_state, set_rng_state


class ExactResumeIterLoop(IterBasedTrainLoop):
    """Iteration-based loop whose resumed run matches an uninterrupted one.

    The shared skeleton of mmda's training loops. Resuming skips the
    batches already trained on in every training iterator and then restores
    the random generators saved by ``RNGStateHook``. Validation runs with
    the generators saved and restored around it, so validating does not
    change the training trajectory. (The stop at a non-finite loss is
    ``NonFiniteStopHook``'s, for every loop.)

    Subclasses say which iterators to advance (:meth:`train_iterators`),
    how to draw one training batch (:meth:`next_batch`), and may act before
    each iteration (:meth:`before_iteration`) or after a resume
    (:meth:`after_resume`). Arguments are those of ``IterBasedTrainLoop``.
    """

    def train_iterators(self) -> List[Iterator]:
        """The iterators one training iteration draws from."""
        return [self.dataloader_iterator]

    def next_batch(self):
        """Draw the next training batch."""
        return next(self.dataloader_iterator)

    def before_iteration(self) -> None:
        """Called before each iteration, with ``self._iter`` done so far."""

    def after_resume(self) -> None:
        """Called once a resumed run has skipped the trained batches."""

    def run(self):
        """Launch training."""
        self.runner.call_hook('before_train')
        self.runner.call_hook('before_train_epoch')
        if self._iter > 0:
            print_log(
                f'Advance the training dataloaders {self._iter} steps to '
                'skip data that has already been trained',
                logger='current',
                level=logging.WARNING)
            iterators = self.train_iterators()
            for _ in range(self._iter):
                for iterator in iterators:
                    next(iterator)
            saved = self.runner.message_hub.get_info(RNG_STATE_KEY)
            if saved is not None:
                set_rng_state(saved)
            self.after_resume()
        while self._iter < self._max_iters and not self.stop_training:
            self.before_iteration()
            self.runner.model.train()
            self.run_iter(self.next_batch())
            self._decide_current_val_interval()
            if (self.runner.val_loop is not None
                    and self._iter >= self.val_begin
                    and (self._iter % self.val_interval == 0
                         or self._iter == self._max_iters)):
                state = get_rng_state()
                self.runner.val_loop.run()
                set_rng_state(state)
        self.runner.call_hook('after_train_epoch')
        self.runner.call_hook('after_train')
        return self.runner.model
