# Copyright (c) mmda contributors. All rights reserved.
import copy
import os.path as osp
from typing import Dict, List, Optional, Tuple, Union

from torch.utils.data import DataLoader

from mmda.registry import LOOPS
from mmda.utils.state_dict_mismatch import checkpoint_mismatch, read_checkpoint
from .epoch_length import epoch_length
from .exact_resume_loop import ExactResumeIterLoop
from .uda_train_loop import UDATrainLoop
from .unwrap_model import unwrap_model

#: Config keys that would bring source data into the source-free stage.
SOURCE_LOADER_KEYS = ('source_dataloader', 'target_dataloader')


@LOOPS.register_module()
class SHOTTargetLoop(ExactResumeIterLoop):
    """SHOT's source-free target stage (Liang et al., ICML 2020, Sec. 3).

    What a loop must do for it, and no more:

    - **Source-free.** The runner's ``train_dataloader`` is the *target*
      domain, wrapped in ``UnlabeledDataset``. No source loader is ever
      built: a config with a ``source_dataloader`` or ``target_dataloader``
      (the shape of a UDA config, whose ``train_dataloader`` is the source)
      is rejected. The model starts from the source checkpoint given as
      ``load_from``, which must exist, hold exactly the model's weights and
      have been trained on the same classes.
    - **Epochs to iterations.** A target epoch is one pass over the target
      set, ``ceil(N / (batch_size * world_size))`` iterations; it runs
      ``max_epochs`` of them, iteration-based, so that a run resumed
      mid-epoch matches an uninterrupted one (``ExactResumeIterLoop``).

    The pseudo-labels (SHOT's Eq. (4)-(6)) are ``PseudoLabelHook``'s, which
    recomputes them at every epoch start and keeps them in checkpoints.

    Args:
        runner (Runner): The runner.
        dataloader (DataLoader | dict): The target training loader.
        max_epochs (int): Target epochs (SHOT: 15 on Office/VisDA, 30 on
            digits).
        val_begin (int): First iteration that may validate. Defaults to 1.
        val_interval (int): Validation interval in iterations.
            Defaults to 1000.
        dynamic_intervals (list[tuple[int, int]], optional): As in
            ``IterBasedTrainLoop``.
        **kwargs: Nothing is accepted here: ``source_dataloader`` and
            ``target_dataloader`` are refused with an explanation, other
            keys with a ``TypeError``.
    """

    def __init__(self,
                 runner,
                 dataloader: Union[DataLoader, Dict],
                 max_epochs: int,
                 val_begin: int = 1,
                 val_interval: int = 1000,
                 dynamic_intervals: Optional[List[Tuple[int, int]]] = None,
                 **kwargs) -> None:
        _reject_source_loaders(runner.cfg, kwargs)
        if kwargs:
            raise TypeError('SHOTTargetLoop got unexpected train_cfg keys '
                            f'{sorted(kwargs)}')
        if int(max_epochs) != max_epochs or max_epochs < 1:
            raise ValueError('train_cfg.max_epochs must be a positive '
                             f'integer, got {max_epochs!r}')
        if not isinstance(dataloader, dict):
            raise TypeError('SHOTTargetLoop takes train_dataloader as a '
                            'config dict')
        dataloader = copy.deepcopy(dataloader)
        dataloader['dataset'] = UDATrainLoop._unlabeled(dataloader['dataset'])
        # max_iters is known once the dataset is built; set just below.
        super().__init__(runner, dataloader, 1, val_begin, val_interval,
                         dynamic_intervals)
        self.epoch_iters = epoch_length(self.dataloader)
        self._max_epochs = int(max_epochs)
        self._max_iters = self._max_epochs * self.epoch_iters
        model = unwrap_model(runner.model)
        classes = self.dataloader.dataset.metainfo.get('classes')
        _check_class_count(classes, model)
        if not getattr(runner, '_resume', False):
            _check_source_checkpoint(
                getattr(runner, '_load_from', None), model, classes)

    @property
    def max_epochs(self) -> int:
        """Number of target epochs."""
        return self._max_epochs


def _reject_source_loaders(cfg, train_cfg: dict) -> None:
    """Source-free means no source loader: refuse configs that define one
    at the top level or in ``train_cfg``."""
    for where, keys in (('', cfg), ('train_cfg.', train_cfg)):
        for key in SOURCE_LOADER_KEYS:
            if key in keys and keys[key] is not None:
                raise ValueError(
                    f'SHOT\'s target stage is source-free, but the config '
                    f'defines `{where}{key}`: with it, `train_dataloader` '
                    'would be the labelled source loader of a UDA config. '
                    'Put the target domain in `train_dataloader` (and '
                    'PseudoLabelHook\'s `dataloader`) and remove '
                    f'`{where}{key}`.')


def _check_class_count(classes, model) -> None:
    num_classes = getattr(model.head, 'num_classes', None)
    if classes is not None and num_classes is not None and len(
            classes) != num_classes:
        raise ValueError(
            f'the target dataset has {len(classes)} classes but the model\'s '
            f'head (the source hypothesis) predicts {num_classes}; the '
            'target domain must share the source label space')


def _check_source_checkpoint(path: Optional[str], model, classes) -> None:
    """The target stage transfers a source hypothesis: it must start from a
    source checkpoint of exactly this architecture."""
    if path is None:
        raise ValueError(
            'SHOT\'s target stage starts from the source model: set '
            '`load_from` to the source stage\'s checkpoint (trained by the '
            'matching shot_source_* config)')
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'load_from = {path!r}: no such source checkpoint; train the '
            'source stage first (its shot_source_* config)')
    checkpoint = read_checkpoint(path)
    mismatch = checkpoint_mismatch(model, checkpoint)
    if mismatch is not None:
        raise ValueError(
            f'load_from = {path!r} is not a checkpoint of this SHOT '
            f'architecture (backbone, neck, head as the source stage): '
            f'{mismatch}')
    source_classes = checkpoint.get('meta', {}).get('dataset_meta',
                                                    {}).get('classes')
    if classes is not None and source_classes is not None and tuple(
            source_classes) != tuple(classes):
        raise ValueError(
            f'the source checkpoint {path!r} was trained on '
            f'{len(source_classes)} classes ({", ".join(source_classes[:5])}'
            f'{", ..." if len(source_classes) > 5 else ""}) but the target '
            f'dataset has {len(classes)} ({", ".join(list(classes)[:5])}'
            f'{", ..." if len(classes) > 5 else ""}): they must match, in '
            'order')
