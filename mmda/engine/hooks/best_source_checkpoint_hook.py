# Copyright (c) mmda contributors. All rights reserved.
import os.path as osp
from typing import Dict, Optional

from mmengine.dist import is_main_process

from mmda.registry import HOOKS
from .atomic_checkpoint_hook import (PARTIAL_SUFFIX, AtomicCheckpointHook,
                                     commit_partial)


@HOOKS.register_module()
class BestSourceCheckpointHook(AtomicCheckpointHook):
    """Keep the source model that scores best on the SOURCE validation
    split, under a fixed file name that a second stage can load.

    SHOT's official code (tim-learn/SHOT, ``digit/uda_digit.py`` and
    ``object/image_source.py``, ``train_source``) evaluates the source
    model 10 times during training on the held-out source split and keeps
    the best one (``if acc_s_te >= acc_init``: a later tie wins), not the
    last. No target label is used. This is mmengine's ``save_best`` with
    that tie rule, plus a copy of the best checkpoint at
    ``{out_dir}/{best_filename}`` so that stage 2's ``load_from`` can name
    it before the run (mmengine's own name carries the iteration).

    The run must validate: a config with no ``val_dataloader`` /
    ``val_cfg`` / ``val_evaluator``, or a validation interval beyond the
    run's length, is refused in ``before_train``, before any iteration.

    Args:
        metric (str): The source validation metric to maximise. Defaults
            to ``'accuracy/top1'``.
        best_filename (str): Name of the copy of the best checkpoint.
            Defaults to ``'best_source.pth'``.
        **kwargs: Other arguments of mmengine's ``CheckpointHook``
            (``interval``, ``by_epoch``, ``max_keep_ckpts``...). Its
            checkpoints are written as :class:`AtomicCheckpointHook`'s, and
            the copy replaces the old one only once complete.
    """

    def __init__(self,
                 metric: str = 'accuracy/top1',
                 best_filename: str = 'best_source.pth',
                 **kwargs) -> None:
        for key in ('save_best', 'rule'):
            if key in kwargs:
                raise ValueError(
                    f'BestSourceCheckpointHook: do not pass {key!r}; it '
                    'keeps the highest `metric` (ties go to the later one)')
        super().__init__(save_best=metric, rule='greater', **kwargs)
        self.metric = metric
        self.best_filename = best_filename
        # SHOT keeps the later model on a tie (`>=`), mmengine the earlier.
        self.is_better_than[metric] = lambda new, best: new >= best

    def before_train(self, runner) -> None:
        self._check_source_validation(runner)
        super().before_train(runner)

    def _check_source_validation(self, runner) -> None:
        cfg_file = runner.cfg.filename if runner.cfg is not None else None
        where = f' (config {cfg_file})' if cfg_file else ''
        if runner.val_loop is None:
            raise ValueError(
                'BestSourceCheckpointHook selects the source model on the '
                'source validation split, but the run has none: set '
                f'`val_dataloader`, `val_cfg` and `val_evaluator`{where} '
                '(the source domain\'s held-out split), or use the plain '
                'CheckpointHook to keep the last model')
        train_loop = runner.train_loop
        val_interval = getattr(train_loop, 'val_interval', None)
        length = getattr(train_loop, 'max_iters', None)
        unit = 'iterations'
        if self.by_epoch:
            length, unit = getattr(train_loop, 'max_epochs', None), 'epochs'
        if val_interval is not None and length is not None \
                and val_interval > length:
            raise ValueError(
                f'BestSourceCheckpointHook: train_cfg.val_interval='
                f'{val_interval} is longer than the run ({length} {unit})'
                f'{where}, so the source model would never be validated')

    def _save_best_checkpoint(self, runner, metrics: Dict) -> None:
        if self.metric not in metrics:
            raise KeyError(
                f'BestSourceCheckpointHook: metric {self.metric!r} is not '
                f'among the validation metrics {sorted(metrics)} at '
                f'iteration {runner.iter}; set `metric` to one of them')
        previous: Optional[str] = self.best_ckpt_path
        previous_score = runner.message_hub.get_info('best_score')
        super()._save_best_checkpoint(runner, metrics)
        updated = (
            self.best_ckpt_path != previous
            or runner.message_hub.get_info('best_score') != previous_score)
        if updated and is_main_process():
            target = self.file_backend.join_path(self.out_dir,
                                                 self.best_filename)
            if self._is_local():
                self.file_backend.copyfile(self.best_ckpt_path,
                                           target + PARTIAL_SUFFIX)
                commit_partial(target)
            else:
                self.file_backend.copyfile(self.best_ckpt_path, target)
            runner.logger.info(
                f'{osp.basename(self.best_ckpt_path)} copied to '
                f'{self.best_filename} ({self.metric}='
                f'{metrics[self.metric]:.4f}, iteration {runner.iter})')
