# Copyright (c) mmda contributors. All rights reserved.
"""Self-supervised pseudo-labels of the training set, recomputed at every
pass over it (SHOT's epoch-start labelling), for any classifier."""
import copy
from typing import List, Optional, Tuple

import torch
from mmengine.dataset import Compose, DefaultSampler
from mmengine.dist import broadcast, get_dist_info
from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmpretrain.utils import get_ori_model
from torch import Tensor, nn
from torch.utils.data import DataLoader

from mmda.datasets import UnlabeledDataset, as_unlabeled
from mmda.models.algorithms.sample_pseudo_labels import SAMPLE_FIELD
from mmda.models.algorithms.shot_pseudo_labels import shot_pseudo_labels
from mmda.models.data_preprocessors.batch_keys import TARGET
from mmda.registry import HOOKS
from mmda.utils.epoch_length import epoch_length
from mmda.utils.gather_by_index import gather_by_index

#: Key of the hook's state in a checkpoint.
CHECKPOINT_KEY = 'pseudo_labels'


def features_and_logits(model: nn.Module,
                        inputs: Tensor) -> Tuple[Tensor, Tensor]:
    """The classifier's input features ``(N, D)`` and logits ``(N, K)``.

    A model may define ``features_and_logits(inputs)``; otherwise an
    mmpretrain classifier's ``extract_feat`` and ``head`` (``pre_logits``,
    then the head's forward) give them.

    Raises:
        TypeError: If the model exposes neither, naming its class.
    """
    check_exposes_features(model)
    if hasattr(model, 'features_and_logits'):
        return model.features_and_logits(inputs)
    feats = model.extract_feat(inputs)
    return model.head.pre_logits(feats), model.head(feats)


def check_exposes_features(model: nn.Module) -> None:
    """Raise the error of :func:`features_and_logits` without a forward."""
    if hasattr(model, 'features_and_logits'):
        return
    if not hasattr(model, 'extract_feat') or not hasattr(
            getattr(model, 'head', None), 'pre_logits'):
        raise TypeError(
            f'PseudoLabelHook needs a model that exposes features and '
            f'logits, but {type(model).__name__} has neither a '
            '`features_and_logits(inputs)` method nor `extract_feat` and a '
            '`head` with `pre_logits` (as an mmpretrain ImageClassifier)')


@HOOKS.register_module()
class PseudoLabelHook(Hook):
    """Label the training set by clustering, at the start of every pass
    over it, and hand each training sample its label.

    Liang et al., "Do We Really Need to Access the Source Data?", ICML
    2020, Sec. 3.3, Eq. (4)-(6) (:func:`shot_pseudo_labels`). At every
    iteration ``i`` with ``i % ceil(N / (batch_size * world_size)) == 0``
    (the start of a pass over the training set, whichever loop runs; N is
    the training set's size), the model, in eval
    mode, embeds the whole set given by ``dataloader`` (the training set
    with the test pipeline, in order, every sample once);
    every rank's features and logits are gathered so that all ranks
    cluster the same tensors, and rank 0's labels are broadcast, so every
    rank uses the same label for the same sample. Labelling saves and
    restores the random generators, so it does not change the training
    trajectory.

    Before each iteration, each training sample gets its label as the
    ``pseudo_label`` field of its data sample (looked up by ``sample_idx``;
    in a ``dict(source=..., target=...)`` batch the target samples). A model
    reads it there (``SHOTTargetClassifier``'s ``L_pl``; a label-needing
    plug-in through the model, see ``mmda.models.plugins.plugin_labels``).

    The labels are saved in every checkpoint and restored with it (as
    mmengine's ``EMAHook`` keeps its state), so a run resumed inside a pass
    uses the labels the uninterrupted run used.

    The labelling pass is built from the training loader, as mmpretrain's
    ``PreciseBNHook`` uses it: the same dataset, batch size, workers and
    collate function, in order (``DefaultSampler(shuffle=False)``, so every
    sample once), its labels hidden by ``UnlabeledDataset``. Under
    ``UDATrainLoop`` the training loader whose samples get labels is the
    loop's ``target_dataloader``.

    Args:
        pipeline (list[dict], optional): The transforms of the labelling
            pass, when the training pipeline augments (SHOT labels the
            target set with its test transforms). Defaults to the training
            set's own pipeline.
        drop_unpredicted (bool): Leave out of the first round the classes
            that are never the argmax (SHOT's object code); see
            :func:`shot_pseudo_labels`. Defaults to False (its digits code).
    """

    priority = 'ABOVE_NORMAL'

    def __init__(self,
                 pipeline: Optional[List[dict]] = None,
                 drop_unpredicted: bool = False) -> None:
        self.pipeline = copy.deepcopy(pipeline)
        self.drop_unpredicted = drop_unpredicted
        self.dataloader = None
        self.labels: Optional[Tensor] = None

    def before_train(self, runner) -> None:
        check_exposes_features(get_ori_model(runner.model))
        self.dataloader = labelling_loader(runner, _labelled_loader(runner),
                                           self.pipeline)
        if self._pass_start(runner) or self.labels is not None:
            return
        raise RuntimeError(
            f'resuming at iteration {runner.iter}, inside a pass over the '
            f'training set ({epoch_length(_labelled_loader(runner))} '
            'iterations), needs the pseudo-labels of that pass, but the '
            f'checkpoint {runner.cfg.get("load_from")!r} has none (key '
            f'{CHECKPOINT_KEY!r}); resume from a checkpoint written by a run '
            'with PseudoLabelHook')

    def before_train_iter(self,
                          runner,
                          batch_idx: int,
                          data_batch=None) -> None:
        if self._pass_start(runner):
            self.labels = self.compute(runner)
        if data_batch is None:
            return
        if TARGET in data_batch:
            data_batch = data_batch[TARGET]
        for sample in data_batch['data_samples']:
            if 'sample_idx' not in sample:
                raise KeyError(
                    'PseudoLabelHook looks samples up by `sample_idx`; keep '
                    'it in PackInputs.meta_keys of the training pipeline')
            if sample.sample_idx >= len(self.labels):
                raise IndexError(
                    f'training sample {sample.sample_idx} has no '
                    f'pseudo-label: PseudoLabelHook\'s dataloader labels '
                    f'{len(self.labels)} samples; it must hold the training '
                    'set (the target set under UDA), in the same order')
            sample.set_field(self.labels[sample.sample_idx], SAMPLE_FIELD)

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        if self.labels is not None:
            checkpoint[CHECKPOINT_KEY] = self.labels.clone()

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        labels = checkpoint.get(CHECKPOINT_KEY)
        self.labels = None if labels is None else labels.long()

    @torch.no_grad()
    def compute(self, runner) -> Tensor:
        """Recompute and return the ``(N,)`` labels of the whole set."""
        model = get_ori_model(runner.model)
        rng = torch.get_rng_state()
        was_training = model.training
        model.eval()
        feats, logits, index = [], [], []
        try:
            for batch in self.dataloader:
                data = model.data_preprocessor(batch, False)
                f, z = features_and_logits(model, data['inputs'])
                feats.append(f.float().cpu())
                logits.append(z.float().cpu())
                index.append(
                    torch.tensor([s.sample_idx for s in data['data_samples']]))
        finally:
            model.train(was_training)
            # Iterating a loader draws its base seed from torch's generator.
            torch.set_rng_state(rng)
        size = len(self.dataloader.dataset)
        feats, logits = gather_by_index(
            torch.cat(index), torch.cat(feats), torch.cat(logits), size=size)
        probs = logits.softmax(dim=1)
        labels = shot_pseudo_labels(
            feats, probs, drop_unpredicted=self.drop_unpredicted)
        # Identical inputs give identical labels; broadcasting rank 0's
        # makes it hold whatever the ranks' floating-point paths.
        if get_dist_info()[1] > 1:
            broadcast(labels, src=0)
        used = labels.unique().numel()
        if used == 1 and probs.shape[1] > 1:
            # Every loss is then zero and the run would go on, and exit 0,
            # at chance accuracy: stop while the cause is still visible.
            raise RuntimeError(
                f'pseudo-labels at iteration {runner.iter} collapsed: all '
                f'{size} samples fall in class {labels[0].item()} of '
                f'{probs.shape[1]}. The model (its load_from checkpoint, '
                'or the adaptation so far) predicts one class for the whole '
                'set; check the source model on its validation split')
        agree = (labels == probs.argmax(dim=1)).float().mean().item()
        runner.message_hub.update_scalar('train/pseudo_label_agreement', agree)
        print_log(
            f'pseudo-labels at iteration {runner.iter}: {size} samples in '
            f'{used} of {probs.shape[1]} classes, {agree:.2%} agree with '
            'the classifier\'s argmax',
            logger='current')
        return labels

    @staticmethod
    def _pass_start(runner) -> bool:
        return runner.iter % epoch_length(_labelled_loader(runner)) == 0


def _labelled_loader(runner):
    """The training loader whose samples get pseudo-labels: the target
    loader of a UDA loop, else the runner's training loader."""
    return getattr(runner.train_loop, 'target_dataloader',
                   runner.train_dataloader)


def labelling_loader(runner,
                     train_loader: DataLoader,
                     pipeline: Optional[List[dict]] = None) -> DataLoader:
    """The whole training set of ``train_loader``, in order, once, with its
    labels hidden and, if given, ``pipeline`` instead of its own."""
    dataset = train_loader.dataset
    inner = getattr(dataset, 'dataset', dataset) if isinstance(
        dataset, UnlabeledDataset) else dataset
    if pipeline is not None:
        # A shallow copy shares the data list; only the transforms differ.
        inner = copy.copy(inner)
        inner.pipeline = Compose(pipeline)
    return runner.build_dataloader(
        dict(
            batch_size=train_loader.batch_size,
            num_workers=train_loader.num_workers,
            collate_fn=train_loader.collate_fn,
            dataset=as_unlabeled(inner),
            sampler=dict(type=DefaultSampler, shuffle=False)),
        seed=runner.seed)
