# Copyright (c) mmda contributors. All rights reserved.
from mmengine.hooks import Hook

from mmda.models.losses.annealed_penalty import AnnealedPenalty
from mmda.registry import HOOKS
from .model_layers import find_layers


@HOOKS.register_module()
class PenaltyAnnealHook(Hook):
    """Weight IRM's or V-REx's penalty by 1 for ``anneal_iters``
    iterations, then by its lambda, as DomainBed runs them; and reset the
    optimizer's state at the switch.

    Before each training iteration it sets ``annealed = iter >=
    anneal_iters`` on every :class:`AnnealedPenalty` of the model. At
    iteration ``anneal_iters`` it clears the optimizer's per-parameter state
    (Adam's moments and step counts), as DomainBed builds a new Adam there
    "because it doesn't like the sharp jump in gradient magnitudes"; the
    learning rate and the parameter groups are kept. Both depend on the
    iteration alone, so a resumed run continues the same.

    Args:
        anneal_iters (int): DomainBed's ``irm_penalty_anneal_iters`` /
            ``vrex_penalty_anneal_iters``. Defaults to 500.
        reset_optimizer (bool): Clear the optimizer's state at the switch.
            Defaults to True.
    """

    priority = 'NORMAL'

    def __init__(self,
                 anneal_iters: int = 500,
                 reset_optimizer: bool = True) -> None:
        if int(anneal_iters) < 0:
            raise ValueError('PenaltyAnnealHook: anneal_iters must be >= 0, '
                             f'got {anneal_iters}')
        self.anneal_iters = int(anneal_iters)
        self.reset_optimizer = reset_optimizer

    def before_train(self, runner) -> None:
        self._penalties = find_layers(runner, AnnealedPenalty,
                                      type(self).__name__)

    def before_train_iter(self,
                          runner,
                          batch_idx: int,
                          data_batch=None) -> None:
        annealed = runner.iter >= self.anneal_iters
        for penalty in self._penalties:
            penalty.annealed = annealed
        if (self.reset_optimizer and runner.iter == self.anneal_iters
                and self.anneal_iters > 0):
            runner.optim_wrapper.optimizer.state.clear()
        runner.message_hub.update_scalar('train/penalty_weight',
                                         self._penalties[0].current_weight)
