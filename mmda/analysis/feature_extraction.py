# Copyright (c) mmda contributors. All rights reserved.
"""Run a classifier over a dataloader and keep features, labels and
predictions."""
import copy
import sys
from typing import List, NamedTuple, Optional, Sequence, Tuple

import numpy as np
import torch
from mmengine.runner import Runner
from mmengine.utils import ProgressBar
from torch import nn
from torch.utils.data import DataLoader, Subset

from mmda.registry import DATASETS

#: The input of the classification layer, as the DA losses see it.
PRE_LOGITS = 'pre_logits'


class FeatureSet(NamedTuple):
    """Features of one dataset, row-aligned with its labels and predictions.

    Attributes:
        features (np.ndarray): ``(N, D)`` float32 features.
        labels (np.ndarray): ``(N,)`` ground-truth labels, ``-1`` where a
            sample has none.
        preds (np.ndarray): ``(N,)`` predicted labels (argmax of the head).
    """
    features: np.ndarray
    labels: np.ndarray
    preds: np.ndarray


def build_capped_dataloader(
        loader_cfg: dict,
        max_samples: Optional[int] = None,
        seed: int = 0) -> Tuple[DataLoader, Optional[Sequence[str]]]:
    """Build a dataloader over at most ``max_samples`` random samples.

    Test splits are often stored class by class, so the first ``N`` samples
    would show a few classes only; a seeded random subset keeps the class
    mix of the whole split and is the same on every call.

    Args:
        loader_cfg (dict): A dataloader config (``dataset``, ``sampler``,
            ``batch_size``...), e.g. a config's ``test_dataloader``.
        max_samples (int, optional): Cap on the number of samples. ``None``
            keeps them all.
        seed (int): Seed of the subset choice. Defaults to 0.

    Returns:
        tuple[DataLoader, Sequence[str] | None]: The dataloader and the
        dataset's class names, if it declares them.
    """
    loader_cfg = copy.deepcopy(dict(loader_cfg))
    dataset = loader_cfg['dataset']
    if isinstance(dataset, dict):
        dataset = DATASETS.build(dataset)
    classes = getattr(dataset, 'metainfo', {}).get('classes')
    if max_samples is not None:
        if max_samples < 1:
            raise ValueError(f'max_samples must be >= 1, got {max_samples}')
        if len(dataset) > max_samples:
            rng = np.random.default_rng(seed)
            keep = np.sort(
                rng.choice(len(dataset), max_samples, replace=False))
            dataset = Subset(dataset, keep.tolist())
    loader_cfg['dataset'] = dataset
    return Runner.build_dataloader(loader_cfg, seed=seed), classes


def _last(output) -> torch.Tensor:
    # Backbones and necks return one tensor per stage; the last is deepest.
    if isinstance(output, (tuple, list)):
        output = output[-1]
    if not isinstance(output, torch.Tensor):
        raise TypeError(f'expected a tensor output, got {type(output)}')
    return output


def _labels_of(data_samples: list) -> List[int]:
    labels = []
    for sample in data_samples:
        gt = sample.get('gt_label') if hasattr(sample, 'get') else None
        labels.append(int(gt.reshape(-1)[0]) if gt is not None else -1)
    return labels


@torch.no_grad()
def extract_features(model: nn.Module,
                     dataloader: DataLoader,
                     layer: str = PRE_LOGITS,
                     progress: bool = True) -> FeatureSet:
    """Features at ``layer`` of an mmpretrain-style classifier.

    The model is put in eval mode, so dropout is off and normalisation
    layers use their running statistics, as at test time.

    Args:
        model (nn.Module): A classifier with ``data_preprocessor``,
            ``extract_feat`` and a ``head`` with ``pre_logits`` (mmpretrain's
            ``ImageClassifier``, mmda's ``UDAImageClassifier``).
        dataloader (DataLoader): Yields ``dict(inputs, data_samples)``.
        layer (str): ``'pre_logits'`` (the classifier's input, default) or
            the name of any submodule in ``model.named_modules()``, e.g.
            ``'backbone'`` or ``'neck'``; a module's output is flattened
            per sample, and of a tuple only the last item is kept.
        progress (bool): Show mmengine's progress bar. Defaults to True.

    Returns:
        FeatureSet: Features, labels and predictions in loader order.
    """
    for attr in ('data_preprocessor', 'extract_feat', 'head'):
        if not hasattr(model, attr):
            raise TypeError(f'{type(model).__name__} has no {attr!r}; '
                            'feature extraction needs an mmpretrain '
                            'ImageClassifier-like model')
    modules = dict(model.named_modules())
    captured: List[torch.Tensor] = []
    handle = None
    if layer != PRE_LOGITS:
        if layer not in modules or layer == '':
            names = ', '.join(n for n in list(modules)[1:20])
            raise KeyError(f'layer {layer!r} is not a submodule of '
                           f'{type(model).__name__}; use {PRE_LOGITS!r} or '
                           f'one of: {names}, ...')
        handle = modules[layer].register_forward_hook(
            lambda _m, _i, out: captured.append(_last(out)))

    model.eval()
    feats, labels, preds = [], [], []
    # ``file`` is passed because ProgressBar's default is the stdout of
    # import time, which would ignore later redirections.
    bar = ProgressBar(
        len(dataloader.dataset), file=sys.stdout) if progress else None
    try:
        for batch in dataloader:
            data = model.data_preprocessor(batch, False)
            inputs = data['inputs']
            captured.clear()
            neck_feats = model.extract_feat(inputs)
            logits = model.head(neck_feats)
            if layer == PRE_LOGITS:
                feat = model.head.pre_logits(neck_feats)
            elif captured:
                feat = captured[-1]
            else:
                raise ValueError(
                    f'layer {layer!r} did not run in the test-time forward '
                    '(extract_feat + head); pick a module of the backbone, '
                    'neck or head')
            feats.append(feat.flatten(1).float().cpu())
            preds.append(logits.argmax(dim=1).cpu())
            labels.extend(_labels_of(data['data_samples']))
            if bar is not None:
                bar.update(len(inputs))
    finally:
        if handle is not None:
            handle.remove()
    if bar is not None:
        # ProgressBar leaves the cursor at the end of its line.
        print(flush=True)
    if not feats:
        raise ValueError('the dataloader yielded no samples')
    return FeatureSet(
        features=torch.cat(feats).numpy(),
        labels=np.asarray(labels, dtype=np.int64),
        preds=torch.cat(preds).numpy().astype(np.int64))
