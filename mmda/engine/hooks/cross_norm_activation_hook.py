# Copyright (c) mmda contributors. All rights reserved.
import random
from typing import List, Optional

from mmda.models.layers import CrossNorm
from mmda.registry import HOOKS
from .layer_schedule_hook import LayerScheduleHook


def choose_active(num_layers: int, cn_prob: float, active_num: int,
                  rng: random.Random) -> List[int]:
    """CNSN's stochastic activation (Tang et al., ICCV 2021, Sec. 3.3):
    with probability ``cn_prob`` pick ``active_num`` of ``num_layers``
    CrossNorm layers at random, else none."""
    if rng.random() >= cn_prob:
        return []
    return sorted(rng.sample(range(num_layers), active_num))


@HOOKS.register_module()
class CrossNormActivationHook(LayerScheduleHook):
    """Switch randomly chosen CrossNorm layers on for one iteration.

    Before each training iteration every ``CrossNorm`` of the model is
    switched off; then, with probability ``cn_prob``, ``active_num`` of them
    chosen at random are switched on for that iteration only.

    The draw of an iteration depends only on the run's seed and the
    iteration, so a resumed run continues the same sequence of choices, and
    all ranks of a distributed run choose the same layers. The number of
    active layers is logged as ``cn_active``.

    Args:
        cn_prob (float): Probability that an iteration uses CrossNorm.
        active_num (int): Layers switched on in such an iteration.
            Defaults to 1.
        seed (int, optional): Seed of the draws; defaults to the run's
            seed (``randomness.seed``).
    """

    layer_type = CrossNorm
    log_name = 'cn_active'

    def __init__(self,
                 cn_prob: float,
                 active_num: int = 1,
                 seed: Optional[int] = None) -> None:
        if not 0 <= cn_prob <= 1:
            raise ValueError('CrossNormActivationHook: cn_prob must be in '
                             f'[0, 1], got {cn_prob}')
        if active_num < 1:
            raise ValueError('CrossNormActivationHook: active_num must be '
                             f'at least 1, got {active_num}')
        self.cn_prob = cn_prob
        self.active_num = active_num
        self.seed = seed

    def before_train(self, runner) -> None:
        super().before_train(runner)
        if self.active_num > len(self._layers):
            raise ValueError(
                f'CrossNormActivationHook: active_num={self.active_num} but '
                f'the model has only {len(self._layers)} CrossNorm layers')

    def value(self, runner) -> List[int]:
        seed = runner.seed if self.seed is None else self.seed
        rng = random.Random(f'{seed}/{runner.iter}')
        return choose_active(
            len(self._layers), self.cn_prob, self.active_num, rng)

    def apply(self, layers: List[CrossNorm], value: List[int]) -> int:
        for i, layer in enumerate(layers):
            layer.active = i in value
        return len(value)

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch=None,
                         outputs=None) -> None:
        for layer in self._layers:
            layer.active = False
