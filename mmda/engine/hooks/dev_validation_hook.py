# Copyright (c) mmda contributors. All rights reserved.
import copy
from typing import Dict, List, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from torch import Tensor

from mmda.datasets import unlabeled_loader
from mmda.evaluation.functional import (DEV_DECAYS, deep_embedded_validation,
                                        density_ratios, dev_domain_probs)
from mmda.registry import HOOKS
from mmda.utils.gather_by_index import gather_by_index


@HOOKS.register_module()
class DEVHook(Hook):
    """Deep embedded validation at every validation. **Lower is better.**

    You et al., "Towards Accurate Model Selection in Deep Unsupervised
    Domain Adaptation", ICML 2019, Algorithm 1. After each validation the
    hook extracts the model's features (``extract_feat``) of the source
    training split, the unlabelled target split and the labelled source
    validation split, trains DEV's domain classifier on the first two
    (:func:`~mmda.evaluation.functional.dev_domain_probs`), weights each
    source validation sample's cross-entropy by its density ratio and
    returns the control-variate risk
    (:func:`~mmda.evaluation.functional.deep_embedded_validation`) as the
    metric ``{prefix}/dev``. It is added to the validation's metrics
    before ``LoggerHook`` and ``CheckpointHook`` read them, so
    ``save_best='target_unlabeled/dev', rule='less'`` keeps the best
    checkpoint by DEV. The target loader is wrapped in ``UnlabeledDataset``.

    Loaders must visit every sample once (``DefaultSampler`` without
    shuffling); under distributed runs the features are gathered by sample
    index, and every rank computes the same value.

    Args:
        source_dataloader (dict): The source *training* split.
        source_val_dataloader (dict): The labelled source validation split.
        target_dataloader (dict): The target training split.
        prefix (str): Metric prefix. Defaults to ``'target_unlabeled'``.
        decays (Sequence[float]): Weight decays tried for the domain
            classifier. Defaults to the paper's nine.
        seed (int): Seed of the domain classifier. Defaults to 0.
    """

    priority = 'NORMAL'  # after RuntimeInfoHook, before Logger/Checkpoint

    def __init__(self,
                 source_dataloader: dict,
                 source_val_dataloader: dict,
                 target_dataloader: dict,
                 prefix: str = 'target_unlabeled',
                 decays: Sequence[float] = DEV_DECAYS,
                 seed: int = 0) -> None:
        self.loader_cfgs = dict(
            source=copy.deepcopy(source_dataloader),
            source_val=copy.deepcopy(source_val_dataloader),
            target=unlabeled_loader(target_dataloader,
                                    'DEVHook.target_dataloader'))
        self.key = f'{prefix}/dev'
        self.decays = tuple(decays)
        self.seed = seed
        self.loaders: Dict[str, object] = {}

    def metric_names(self) -> List[str]:
        """The key this hook adds to the validation metrics."""
        return [self.key]

    def metric_rules(self) -> Dict[str, str]:
        """``{key: 'less'}``: a lower risk is better."""
        return {self.key: 'less'}

    def before_run(self, runner) -> None:
        self.loaders = {
            name: runner.build_dataloader(cfg, seed=runner.seed)
            for name, cfg in self.loader_cfgs.items()
        }

    def after_val_epoch(self, runner, metrics: Optional[dict] = None) -> None:
        value = self.dev_risk(runner.model)
        runner.message_hub.update_scalar(f'val/{self.key}', value)
        if metrics is not None:
            metrics[self.key] = value

    @torch.no_grad()
    def dev_risk(self, model) -> float:
        """DEV's risk of ``model`` on this hook's three splits."""
        model = model.module if is_model_wrapper(model) else model
        model.eval()
        source, _ = self._features(model, self.loaders['source'])
        target, _ = self._features(model, self.loaders['target'])
        val, losses = self._features(
            model, self.loaders['source_val'], losses=True)
        probs = dev_domain_probs(source, target, val, self.decays, self.seed)
        weights = density_ratios(probs, len(source), len(target))
        return deep_embedded_validation(losses, weights)

    @staticmethod
    def _features(model,
                  loader,
                  losses: bool = False) -> Tuple[Tensor, Optional[Tensor]]:
        feats, loss, index = [], [], []
        for batch in loader:
            data = model.data_preprocessor(batch, False)
            f = model.extract_feat(data['inputs'])
            feats.append(f[-1].flatten(1).float().cpu())
            samples = data['data_samples']
            index.append(torch.tensor([s.sample_idx for s in samples]))
            if losses:
                logits = model.head(f)
                labels = torch.cat([s.gt_label for s in samples])
                loss.append(
                    F.cross_entropy(
                        logits, labels.to(logits.device),
                        reduction='none').float().cpu())
        size = len(loader.dataset)
        tensors = [torch.cat(feats)] + ([torch.cat(loss)] if losses else [])
        gathered = gather_by_index(torch.cat(index), *tensors, size=size)
        return gathered[0], (gathered[1] if losses else None)
