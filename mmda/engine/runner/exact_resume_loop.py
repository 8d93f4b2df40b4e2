# Copyright (c) mmda contributors. All rights reserved.
"""Training loops whose resumed run matches an uninterrupted one.

Both run mmengine's own ``run()``; what they add is where the random
generators saved by ``RNGStateHook`` are restored: after the resumed run
has skipped the batches already trained on (iteration-based) or before
its first epoch (epoch-based), that is, where the uninterrupted run stood
when it saved. (``RNGStateHook`` also keeps validation from changing the
generators, and ``NonFiniteStopHook`` stops at a non-finite loss: both for
any loop.)
"""
import logging
from typing import Any, Callable, Iterator, Optional

from mmengine.logging import print_log
from mmengine.runner import EpochBasedTrainLoop, IterBasedTrainLoop

from mmda.registry import LOOPS
from .rng_state import RNG_STATE_KEY, set_rng_state


def restore_saved_rng_state(runner) -> bool:
    """Restore the generator states a resumed checkpoint holds; returns
    whether there were any."""
    saved = runner.message_hub.get_info(RNG_STATE_KEY)
    if saved is not None:
        set_rng_state(saved)
    return saved is not None


class ResumingIterator:
    """The batches of an ``IterBasedTrainLoop``, drawn by ``draw``.

    The stock ``run()`` of a resumed loop calls ``next`` once per iteration
    already trained (to skip those batches) and then once per iteration to
    train. Just before the first batch that trains, this iterator restores
    the generator states the checkpoint holds.

    Args:
        loop (IterBasedTrainLoop): The loop; its iteration when ``next`` is
            first called is where the resumed run starts.
        draw (callable): Returns the next batch.
    """

    def __init__(self, loop: IterBasedTrainLoop, draw: Callable[[],
                                                                Any]) -> None:
        self.loop = loop
        self.draw = draw
        self._calls = 0
        self._start: Optional[int] = None

    def __iter__(self) -> Iterator:
        return self

    def __next__(self) -> Any:
        if self._start is None:
            self._start = self.loop.iter
        if self._calls == self._start and self._start > 0:
            restore_saved_rng_state(self.loop.runner)
        self._calls += 1
        return self.draw()


@LOOPS.register_module()
class ExactResumeIterLoop(IterBasedTrainLoop):
    """mmengine's ``IterBasedTrainLoop``, resumed exactly.

    Resuming skips the batches already trained on (as the stock loop does)
    and then restores the random generators saved by ``RNGStateHook``.
    Subclasses that draw more than one loader per iteration override
    :meth:`next_batch`. Arguments are those of ``IterBasedTrainLoop``.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._stock_iterator = self.dataloader_iterator
        self.dataloader_iterator = ResumingIterator(self, self.next_batch)

    def next_batch(self) -> Any:
        """Draw the next training batch."""
        return next(self._stock_iterator)


@LOOPS.register_module()
class ExactResumeEpochLoop(EpochBasedTrainLoop):
    """mmengine's ``EpochBasedTrainLoop``, resumed exactly from an
    end-of-epoch checkpoint: the random generators saved by
    ``RNGStateHook`` are restored before the first epoch of the resumed
    run. Arguments are those of ``EpochBasedTrainLoop``.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._restored = False

    def run_epoch(self) -> None:
        if not self._restored:
            self._restored = True
            if self._iter > 0:
                restore_saved_rng_state(self.runner)
            if self._iter % len(self.dataloader):
                # mmengine restarts the epoch: its first batches train twice
                print_log(
                    f'resumed at iteration {self._iter}, inside epoch '
                    f'{self._epoch + 1}: the epoch restarts from its first '
                    'batch, so the run is not exact; resume from an '
                    'end-of-epoch checkpoint (epoch_N.pth)',
                    logger='current',
                    level=logging.WARNING)
        super().run_epoch()
