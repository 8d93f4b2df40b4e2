# Copyright (c) mmda contributors. All rights reserved.
from typing import List, Optional, Tuple

from mmengine.dist import all_gather_object, get_dist_info
from mmengine.hooks import CheckpointHook, Hook

from mmda.registry import HOOKS
from mmda.utils.rng_state import RNG_STATE_KEY, get_rng_state, set_rng_state

#: Key of every rank's generator states (a list indexed by rank) in the
#: checkpoint's message-hub section.
RNG_STATES_PER_RANK_KEY = 'rng_state_per_rank'


@HOOKS.register_module()
class RNGStateHook(Hook):
    """Store every rank's random generator states in each checkpoint.

    mmengine seeds the generators once at start-up, so a resumed run draws
    different dropout masks and samples than an uninterrupted one. This hook
    writes the states into the checkpoint's message-hub section, which
    ``--resume`` loads back (``load_from`` does not). ``UDATrainLoop``
    restores them (``message_hub.get_info(RNG_STATE_KEY)``) after it has
    skipped the batches already trained on, where the uninterrupted run
    stood when it saved, so a resumed run matches an uninterrupted one step
    for step.

    Validation (which draws a loader seed from torch's generator) runs
    between the generators' states saved before it and restored after it,
    so validating does not change the training trajectory: a resumed run,
    which restores the states saved before validation, continues as the
    uninterrupted one did.

    With several processes each rank has its own states (different ones
    with ``randomness.diff_rank_seed=True``), but only rank 0 writes the
    checkpoint. So before an iteration or epoch that saves, the states of
    all ranks are gathered to rank 0 and stored as a list; on resume each
    rank puts its own entry under ``RNG_STATE_KEY``, where the loops read
    it. Resuming with another number of processes cannot be exact and is
    logged as such.
    """

    # After ParamSchedulerHook (LOW), before CheckpointHook (VERY_LOW): the
    # states gathered are those of the moment the checkpoint is written.
    priority = 80

    def __init__(self) -> None:
        # (runner.iter when gathered, every rank's states)
        self._gathered: Optional[Tuple[int, List[dict]]] = None

    def _gather(self, runner) -> None:
        _, world_size = get_dist_info()
        if world_size > 1:
            self._gathered = (runner.iter, all_gather_object(get_rng_state()))

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch=None,
                         outputs=None) -> None:
        # Gathering is a collective call, so it cannot happen inside the
        # save, which runs on rank 0 only; it happens before each
        # iteration-based save instead.
        if any(_saves_after_iter(hook, runner) for hook in runner.hooks):
            self._gather(runner)

    def after_train_epoch(self, runner) -> None:
        self._gather(runner)

    def before_val_epoch(self, runner) -> None:
        # A best checkpoint is saved at the end of validation, whose draws
        # after_val undoes: the states before it are those to resume with.
        self._gather(runner)

    def before_val(self, runner) -> None:
        self._before_val = get_rng_state()

    def after_val(self, runner) -> None:
        set_rng_state(self._before_val)

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        info = checkpoint['message_hub']['runtime_info']
        info[RNG_STATE_KEY] = get_rng_state()
        _, world_size = get_dist_info()
        if world_size == 1:
            info[RNG_STATES_PER_RANK_KEY] = [info[RNG_STATE_KEY]]
        elif self._gathered is not None and self._gathered[0] == runner.iter:
            info[RNG_STATES_PER_RANK_KEY] = self._gathered[1]
        else:
            info.pop(RNG_STATES_PER_RANK_KEY, None)
            runner.logger.warning(
                f'checkpoint of iteration {runner.iter + 1}: saved at a '
                'moment RNGStateHook did not foresee, so it holds only rank '
                "0's random state; a run resumed from it is not exact")

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        info = checkpoint.get('message_hub', {}).get('runtime_info', {})
        per_rank = info.pop(RNG_STATES_PER_RANK_KEY, None)
        # load_from (fine-tuning, SHOT's stage transfer) keeps no state.
        if not runner.cfg.get('resume', False) or RNG_STATE_KEY not in info:
            return
        rank, world_size = get_dist_info()
        if per_rank is not None and len(per_rank) == world_size:
            info[RNG_STATE_KEY] = per_rank[rank]
        elif world_size > 1 or per_rank is not None:
            saved = 'an unknown number of' if per_rank is None else len(
                per_rank)
            runner.logger.warning(
                f'the checkpoint holds the random states of {saved} '
                f'process(es), this run has {world_size}: every rank '
                "restores rank 0's states, so the resumed run is not "
                'exact')


def _saves_after_iter(hook, runner) -> bool:
    """Whether ``hook`` is a ``CheckpointHook`` that saves after the current
    iteration (mmengine's own test in ``CheckpointHook.after_train_iter``)."""
    if not isinstance(hook, CheckpointHook) or hook.by_epoch:
        return False
    return hook.every_n_train_iters(runner, hook.interval, hook.save_begin) \
        or (hook.save_last and hook.is_last_train_iter(runner))
