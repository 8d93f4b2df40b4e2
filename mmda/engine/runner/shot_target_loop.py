# Copyright (c) mmda contributors. All rights reserved.
import copy
import math
import os.path as osp
from typing import Dict, List, Optional, Tuple, Union

import torch
from mmengine.dist import broadcast, get_dist_info
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper
from mmengine.runner.checkpoint import _load_checkpoint
from mmengine.utils import ProgressBar
from torch.utils.data import DataLoader

from mmda.registry import LOOPS
from mmda.utils.checkpoint_loader import trusted_local_checkpoints
from .gather_by_index import gather_by_index
from .exact_resume_loop import ExactResumeIterLoop
from .shot_pseudo_labels import shot_pseudo_labels
from .state_dict_mismatch import state_dict_mismatch
from .uda_train_loop import UDATrainLoop

#: Key of the current pseudo-labels in the message hub (and checkpoints).
PSEUDO_LABELS_KEY = 'shot_pseudo_labels'
#: Config keys that would bring source data into the source-free stage.
SOURCE_LOADER_KEYS = ('source_dataloader', 'target_dataloader')


@LOOPS.register_module()
class SHOTTargetLoop(ExactResumeIterLoop):
    """SHOT's source-free target stage (Liang et al., ICML 2020, Sec. 3).

    The runner's ``train_dataloader`` is the *target* domain; it is wrapped
    in ``UnlabeledDataset``. No source loader is ever built: a config with
    a ``source_dataloader`` or ``target_dataloader`` (the shape of a UDA
    config, whose ``train_dataloader`` is the source) is rejected. The
    model (``SHOTTargetClassifier``) starts from the source checkpoint given
    as ``load_from``, which must exist and hold exactly the model's weights.

    A target epoch is ``ceil(N / (batch_size * world_size))`` iterations.
    At the start of each, the pseudo-labels are recomputed over the whole
    target set (``label_dataloader``: the target set with the test
    pipeline, in eval mode) with :func:`shot_pseudo_labels`. Features and
    probabilities of every rank's shard are gathered, so all ranks cluster
    the same tensors, and rank 0's labels are broadcast: every rank uses the
    same label for the same sample. The labels are kept in the message hub,
    so a checkpoint holds them and a run resumed mid-epoch uses the labels
    the uninterrupted run used.

    Args:
        runner (Runner): The runner.
        dataloader (DataLoader | dict): The target training loader.
        label_dataloader (dict): The whole target set for pseudo-labelling
            (``DefaultSampler``, no shuffling, no ``drop_last``).
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
                 label_dataloader: Dict,
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
        if not isinstance(dataloader, dict) or not isinstance(
                label_dataloader, dict):
            raise TypeError('SHOTTargetLoop takes train_dataloader and '
                            'train_cfg.label_dataloader as config dicts')
        dataloader = copy.deepcopy(dataloader)
        dataloader['dataset'] = UDATrainLoop._unlabeled(dataloader['dataset'])
        label_dataloader = copy.deepcopy(label_dataloader)
        label_dataloader['dataset'] = UDATrainLoop._unlabeled(
            label_dataloader['dataset'])
        # max_iters is known once the dataset is built; set just below.
        super().__init__(runner, dataloader, 1, val_begin, val_interval,
                         dynamic_intervals)
        self.label_dataloader = runner.build_dataloader(
            label_dataloader, seed=runner.seed)
        _, world_size = get_dist_info()
        self.epoch_iters = math.ceil(
            len(self.dataloader.dataset) /
            (self.dataloader.batch_size * world_size))
        self._max_epochs = int(max_epochs)
        self._max_iters = self._max_epochs * self.epoch_iters
        model = _unwrap(runner.model)
        classes = self.dataloader.dataset.metainfo.get('classes')
        _check_class_count(classes, model)
        if not getattr(runner, '_resume', False):
            _check_source_checkpoint(
                getattr(runner, '_load_from', None), model, classes)

    @property
    def max_epochs(self) -> int:
        """Number of target epochs."""
        return self._max_epochs

    def before_iteration(self) -> None:
        if self._iter % self.epoch_iters == 0:
            self.update_pseudo_labels()

    def after_resume(self) -> None:
        if self._iter % self.epoch_iters:
            self._restore_pseudo_labels()

    @torch.no_grad()
    def update_pseudo_labels(self) -> torch.Tensor:
        """Recompute the pseudo-labels of the whole target set (Eq. (4)-(6))
        and give them to the model; returns them."""
        model = _unwrap(self.runner.model)
        model.eval()
        rank, world_size = get_dist_info()
        size = len(self.label_dataloader.dataset)
        bar = ProgressBar(size) if rank == 0 else None
        feats, probs, index = [], [], []
        for batch in self.label_dataloader:
            data = model.data_preprocessor(batch, False)
            f, p = model.features_and_probs(data['inputs'])
            feats.append(f.float().cpu())
            probs.append(p.float().cpu())
            index.append(
                torch.tensor([s.sample_idx for s in data['data_samples']]))
            if bar is not None:
                bar.update(min(len(f) * world_size, size - bar.completed))
        if bar is not None:
            print_log('', logger='current')
        feats, probs = gather_by_index(
            torch.cat(index), torch.cat(feats), torch.cat(probs), size=size)
        labels = shot_pseudo_labels(feats, probs)
        # Identical inputs give identical labels; broadcasting rank 0's
        # makes the equality hold whatever the ranks' floating-point paths.
        broadcast(labels, src=0)
        agree = (labels == probs.argmax(dim=1)).float().mean().item()
        self.runner.message_hub.update_scalar(
            'train/pseudo_label_agreement', agree)
        print_log(
            f'SHOT pseudo-labels at iteration {self._iter}: {size} target '
            f'samples, {agree:.2%} agree with the classifier\'s argmax',
            logger='current')
        self._set_pseudo_labels(labels)
        return labels

    def _set_pseudo_labels(self, labels: torch.Tensor) -> None:
        _unwrap(self.runner.model).set_pseudo_labels(labels)
        self.runner.message_hub.update_info(PSEUDO_LABELS_KEY, labels)

    def _restore_pseudo_labels(self) -> None:
        labels = self.runner.message_hub.get_info(PSEUDO_LABELS_KEY)
        if labels is None:
            raise RuntimeError(
                f'resuming at iteration {self._iter}, inside a target epoch '
                f'of {self.epoch_iters} iterations, needs the pseudo-labels '
                'of that epoch, but the checkpoint has none (message hub key '
                f'{PSEUDO_LABELS_KEY!r}); resume from a SHOT target-stage '
                'checkpoint')
        self._set_pseudo_labels(labels)


def _unwrap(model):
    return model.module if is_model_wrapper(model) else model


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
                    '`train_cfg.label_dataloader`) and remove '
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
    with trusted_local_checkpoints():
        checkpoint = _load_checkpoint(path, map_location='cpu')
    state = checkpoint.get('state_dict', checkpoint)
    state = {
        k[len('module.'):] if k.startswith('module.') else k: v
        for k, v in state.items()
    }
    mismatch = state_dict_mismatch(model.state_dict(), state)
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
