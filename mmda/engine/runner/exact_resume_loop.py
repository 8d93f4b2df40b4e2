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
from typing import Any, Callable, Dict, Iterator, Optional, Union

from mmengine.logging import print_log
from mmengine.runner import EpochBasedTrainLoop, IterBasedTrainLoop
from torch.utils.data import DataLoader

from mmda.registry import LOOPS
from mmda.utils.epoch_length import epoch_length
from mmda.utils.rng_state import RNG_STATE_KEY, set_rng_state


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
    the generator states the checkpoint holds, and runs the validation the
    checkpoint's iteration was due: the uninterrupted run validated there
    right after saving (``CheckpointHook`` saves in ``after_train_iter``),
    and the stock loop would skip it, so that whatever a validation
    decides (``save_best``, SWAD's range, early stopping) would differ.

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
            if _validation_due(self.loop):
                self.loop.runner.val_loop.run()
                self.loop.runner.model.train()
        self._calls += 1
        return self.draw()


def _validation_due(loop: IterBasedTrainLoop) -> bool:
    """Whether the stock loop validates after iteration ``loop.iter``."""
    done = loop.iter
    return (loop.runner.val_loop is not None and done >= loop.val_begin
            and (done % loop.val_interval == 0 or done == loop.max_iters))


@LOOPS.register_module()
class ExactResumeIterLoop(IterBasedTrainLoop):
    """mmengine's ``IterBasedTrainLoop``, resumed exactly.

    Resuming skips the batches already trained on (as the stock loop does)
    and then restores the random generators saved by ``RNGStateHook``.
    Subclasses that draw more than one loader per iteration override
    :meth:`next_batch`.

    The run's length is ``max_iters``, or ``max_epochs`` passes over the
    training set counted in iterations: ``max_epochs * ceil(N / (batch_size
    * world_size))`` (SHOT's target stage: 30 passes on digits). Counting
    in iterations keeps a run resumed inside a pass exact, which the
    epoch-based loop is not. Give exactly one of the two.

    Args:
        runner (Runner): The runner.
        dataloader (DataLoader | dict): The training loader.
        max_iters (int, optional): Total training iterations.
        max_epochs (int, optional): Total passes over the training set.
        **kwargs: Other arguments of ``IterBasedTrainLoop`` (``val_begin``,
            ``val_interval``, ``dynamic_intervals``).
    """

    def __init__(self,
                 runner,
                 dataloader: Union[DataLoader, Dict],
                 max_iters: Optional[int] = None,
                 max_epochs: Optional[int] = None,
                 **kwargs) -> None:
        if (max_iters is None) == (max_epochs is None):
            raise ValueError(
                f'{type(self).__name__}: give exactly one of '
                'train_cfg.max_iters and train_cfg.max_epochs, got '
                f'max_iters={max_iters!r}, max_epochs={max_epochs!r}')
        for key, value in (('max_iters', max_iters), ('max_epochs',
                                                      max_epochs)):
            if value is not None and (int(value) != value or value < 1):
                raise ValueError(f'train_cfg.{key} must be a positive '
                                 f'integer, got {value!r}')
        # The stock loop needs a length to build; with max_epochs it is
        # known once the dataset is built, and set just below.
        super().__init__(runner, dataloader, max_iters or 1, **kwargs)
        if max_epochs is not None:
            self._max_epochs = int(max_epochs)
            self._max_iters = self._max_epochs * epoch_length(self.dataloader)
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
