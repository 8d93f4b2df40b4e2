# Copyright (c) mmda contributors. All rights reserved.
import os.path as osp
from typing import Optional, Sequence

from mmengine.hooks import Hook
from mmpretrain.utils import get_ori_model

from mmda.registry import HOOKS
from mmda.utils.checkpoint import checkpoint_mismatch, read_checkpoint


@HOOKS.register_module()
class LoadFromCheckHook(Hook):
    """Require a run to start from ``load_from``: a checkpoint that exists,
    holds exactly this model's weights and was trained on the training
    set's classes, in order.

    A stage that transfers a model (SHOT's target stage starts from the
    source hypothesis) must not start from a fresh or a half-fitting model,
    which mmengine's non-strict ``load_from`` would allow with a warning.
    The check runs before the checkpoint is loaded; a resumed run is
    checked by :class:`ResumeCheckHook` instead.

    Args:
        stage (str): What the checkpoint must come from, named in the
            errors. Defaults to ``'the previous stage'``.
    """

    priority = 'VERY_HIGH'

    def __init__(self, stage: str = 'the previous stage') -> None:
        self.stage = stage

    def before_run(self, runner) -> None:
        if runner.cfg.get('resume', False):
            return
        path = runner.cfg.get('load_from')
        if path is None:
            raise ValueError(
                f'this run starts from the model of {self.stage}: set '
                '`load_from` to its checkpoint')
        if not osp.isfile(path):
            raise FileNotFoundError(
                f'load_from = {path!r}: no such checkpoint; train '
                f'{self.stage} first, or point load_from at its checkpoint')
        model = get_ori_model(runner.model)
        checkpoint = read_checkpoint(path)
        mismatch = checkpoint_mismatch(model, checkpoint)
        if mismatch is not None:
            raise ValueError(
                f'load_from = {path!r} is not a checkpoint of this '
                f'architecture ({self.stage} must build the same backbone, '
                f'neck and head): {mismatch}')
        classes = runner.train_dataloader.dataset.metainfo.get('classes')
        check_classes(
            path, classes,
            checkpoint.get('meta', {}).get('dataset_meta', {}),
            getattr(getattr(model, 'head', None), 'num_classes', None))


def check_classes(path: str, classes: Optional[Sequence[str]],
                  dataset_meta: dict, num_classes: Optional[int]) -> None:
    """Raise if the training set's ``classes`` differ from the head's class
    count or from those the checkpoint at ``path`` was trained on."""
    if classes is None:
        return
    if num_classes is not None and len(classes) != num_classes:
        raise ValueError(
            f'the training set has {len(classes)} classes but the model\'s '
            f'head predicts {num_classes}: they must share one label space')
    trained = dataset_meta.get('classes')
    if trained is not None and tuple(trained) != tuple(classes):
        raise ValueError(
            f'the checkpoint {path!r} was trained on {len(trained)} classes '
            f'({_head(trained)}) but the training set has {len(classes)} '
            f'({_head(classes)}): they must match, in order')


def _head(classes: Sequence[str], n: int = 5) -> str:
    shown = ', '.join(map(str, list(classes)[:n]))
    return shown + (', ...' if len(classes) > n else '')
