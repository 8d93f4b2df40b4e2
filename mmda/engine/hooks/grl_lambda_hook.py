# Copyright (c) mmda contributors. All rights reserved.
import math

from mmda.models.layers import GradientReverseLayer
from mmda.registry import HOOKS
from .layer_schedule_hook import LayerScheduleHook


def dann_lambda(progress: float,
                gamma: float = 10.0,
                max_value: float = 1.0) -> float:
    """DANN's adaptation factor, Ganin et al. JMLR 2016, Sec. 5.2.2:
    ``lambda(p) = max_value * (2 / (1 + exp(-gamma * p)) - 1)``, which rises
    from 0 at ``p = 0`` towards ``max_value``."""
    return max_value * (2.0 / (1.0 + math.exp(-gamma * progress)) - 1.0)


@HOOKS.register_module()
class GRLLambdaHook(LayerScheduleHook):
    """Set the coefficient of every ``GradientReverseLayer`` in the model
    from the training progress ``p = iter / max_iters``.

    The value depends only on the runner's iteration, which a resumed run
    restores, so a resumed run continues the schedule where it stopped.
    The current value is logged as ``grl_lambda``.

    Args:
        gamma (float): Steepness of the schedule. Defaults to 10.0 (paper).
        max_value (float): The value approached as ``p -> 1``.
            Defaults to 1.0.
    """

    layer_type = GradientReverseLayer
    attribute = 'coeff'
    log_name = 'grl_lambda'

    def __init__(self, gamma: float = 10.0, max_value: float = 1.0) -> None:
        self.gamma = gamma
        self.max_value = max_value

    def value(self, runner) -> float:
        return dann_lambda(runner.iter / runner.max_iters, self.gamma,
                           self.max_value)
