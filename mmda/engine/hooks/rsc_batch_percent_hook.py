# Copyright (c) mmda contributors. All rights reserved.
from mmda.models.layers import RSC
from mmda.registry import HOOKS
from .layer_schedule_hook import LayerScheduleHook
from .rsc_spatial_choice_hook import set_rsc_spatial_choice


def rsc_batch_percent(progress: int, start: float, step: float, interval: int,
                      max_value: float) -> float:
    """The batch-percentage curriculum of RSC's official code (Huang et
    al., ECCV 2020): ``start + (progress // interval) * step``, at most
    ``max_value``."""
    return min(start + (progress // interval) * step, max_value)


@HOOKS.register_module()
class RSCBatchPercentHook(LayerScheduleHook):
    """Set ``batch_percent`` of every ``RSC`` layer from the training
    progress.

    The official code uses 0.3, 0.5, 0.7 for epochs 0-9, 10-19, 20-29
    (``start=0.3, step=0.2, interval=10``). The value depends only on the
    runner's epoch (or iteration), which a resumed run restores, so a
    resumed run continues the curriculum. It is logged as
    ``rsc_batch_percent``.

    It also draws each iteration's spatial- or channel-wise muting, as
    ``RSCSpatialChoiceHook`` does, so a config with this hook needs no
    other.

    Args:
        start (float): The value for the first interval.
        step (float): Added after each interval.
        interval (int): Length of an interval, in epochs if ``by_epoch``
            else in iterations.
        max_value (float): Upper bound. Defaults to 1.0.
        by_epoch (bool): Count epochs (True) or iterations.
            Defaults to True.
    """

    layer_type = RSC
    attribute = 'batch_percent'
    log_name = 'rsc_batch_percent'

    def __init__(self,
                 start: float,
                 step: float,
                 interval: int,
                 max_value: float = 1.0,
                 by_epoch: bool = True) -> None:
        if interval < 1:
            raise ValueError('RSCBatchPercentHook: interval must be at '
                             f'least 1, got {interval}')
        for name, value in (('start', start), ('max_value', max_value)):
            if not 0 <= value <= 1:
                raise ValueError(f'RSCBatchPercentHook: {name} must be in '
                                 f'[0, 1], got {value}')
        self.start = start
        self.step = step
        self.interval = interval
        self.max_value = max_value
        self.by_epoch = by_epoch

    def before_train_iter(self,
                          runner,
                          batch_idx: int,
                          data_batch=None) -> None:
        set_rsc_spatial_choice(self._layers, runner.seed, runner.iter)
        super().before_train_iter(runner, batch_idx, data_batch)

    def value(self, runner) -> float:
        progress = runner.epoch if self.by_epoch else runner.iter
        return rsc_batch_percent(progress, self.start, self.step,
                                 self.interval, self.max_value)
