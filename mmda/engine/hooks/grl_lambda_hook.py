# Copyright (c) mmda contributors. All rights reserved.
import math
from typing import Optional

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
    from the training progress ``p = iter / max_iters``, or
    ``p = iter / horizon`` with a fixed ``horizon``.

    The value depends only on the runner's iteration, which a resumed run
    restores, so a resumed run continues the schedule where it stopped.
    The current value is logged as ``grl_lambda``.

    Args:
        gamma (float): Steepness of the schedule. Defaults to 10.0 (paper).
        max_value (float): The value approached as ``p -> 1``.
            Defaults to 1.0.
        horizon (int, optional): Iterations that make ``p = 1``. tllib's
            ``WarmStartGradientReverseLayer`` (``alpha=1``,
            ``max_iters=1000``) is ``gamma=1, horizon=1000``: lambda keeps
            rising past the horizon (0.46 at 1,000, 0.76 at 2,000).
            Defaults to None (the run's ``max_iters``, as the paper).
    """

    layer_type = GradientReverseLayer
    attribute = 'coeff'
    log_name = 'grl_lambda'

    def __init__(self,
                 gamma: float = 10.0,
                 max_value: float = 1.0,
                 horizon: Optional[int] = None) -> None:
        if horizon is not None and horizon < 1:
            raise ValueError(
                f'GRLLambdaHook: horizon must be >= 1, got {horizon}')
        self.gamma = gamma
        self.max_value = max_value
        self.horizon = horizon

    def value(self, runner) -> float:
        length = self.horizon or runner.max_iters
        return dann_lambda(runner.iter / length, self.gamma, self.max_value)
