# Copyright (c) mmda contributors. All rights reserved.
"""Test-time adaptation (not mmengine's test-time augmentation): wrappers
that adapt any mmpretrain classifier on each unlabelled test batch, then
predict it. :class:`mmda.engine.runner.TestTimeAdaptLoop` runs the protocol
(when to reset); the methods live here."""
import copy
from typing import Dict, List, Optional, Sequence, Tuple, Union

import torch
from mmengine.model import BaseModel
from mmpretrain.structures import DataSample
from torch import Tensor, nn

from mmda.registry import MODELS, OPTIMIZERS
from ..losses.entropy_loss import softmax_entropy
from .norm_layers import (BATCH_NORM_TYPES, affine_parameters,
                          find_norm_layers, use_batch_statistics)


@MODELS.register_module()
class BNAdapter(BaseModel):
    """BN adaptation "BN-1": every batch-norm layer normalises with the
    statistics of the current test batch instead of the source running
    statistics; no parameter changes (Schneider et al., "Improving
    robustness against common corruptions by covariate shift adaptation",
    NeurIPS 2020, with N = 0; Wang et al., ICLR 2021, "BN" baseline).

    The adapter's state dict is the wrapped classifier's, key for key: the
    checkpoint of its training run loads as is (``tools/test.py CONFIG
    CHECKPOINT`` or ``load_from``), and one of another architecture or
    class count stops with the mismatching keys.

    Args:
        classifier (dict | nn.Module): Any mmpretrain classifier whose
            ``forward(inputs, mode='tensor')`` returns the logits
            (``ImageClassifier`` does).
        norm_types (Sequence[str]): Class names of the layers to adapt.
            Defaults to torch's batch-norm classes.
        init_cfg (dict, optional): Initialisation config.
    """

    method = 'BN-1'

    def __init__(self,
                 classifier: Union[dict, nn.Module],
                 norm_types: Sequence[str] = BATCH_NORM_TYPES,
                 init_cfg: Optional[dict] = None) -> None:
        if isinstance(classifier, dict):
            classifier = MODELS.build(classifier)
        super().__init__(
            data_preprocessor=classifier.data_preprocessor, init_cfg=init_cfg)
        self.classifier = classifier
        self.norm_types = tuple(norm_types)
        self.norm_layers = find_norm_layers(classifier, self.norm_types)
        if not self.norm_layers:
            raise ValueError(
                f'{type(self).__name__}: the model '
                f'{type(classifier).__name__} has no normalisation layer '
                f'of the types in model.norm_types = {list(self.norm_types)} '
                'to adapt; set model.norm_types to class names it has, or '
                'use a model with batch normalisation')
        use_batch_statistics([m for _, m in self.norm_layers])
        self._snapshot = None
        self.register_load_state_dict_pre_hook(_source_checkpoint_keys)

    def adapted_parameter_names(self) -> List[str]:
        """The parameters that change at test time (none for BN-1)."""
        return []

    def state_dict(self, *args, destination=None, prefix='', keep_vars=False):
        # The adapter's state is its classifier's, key for key, so that the
        # source checkpoint is what tools/test.py's strict check expects.
        return self.classifier.state_dict(
            *args, destination=destination, prefix=prefix, keep_vars=keep_vars)

    def train(self, mode: bool = True) -> 'BNAdapter':
        # The runner's eval() must not switch the adapted layers back to
        # the source statistics.
        super().train(mode)
        for _, m in self.norm_layers:
            m.train()
        return self

    def reset(self) -> None:
        """Return to the source model; the first call records it."""
        if self._snapshot is None:
            self._snapshot = self._state()
        else:
            self._load_state(self._snapshot)

    def _state(self) -> dict:
        return dict(model=copy.deepcopy(self.classifier.state_dict()))

    def _load_state(self, state: dict) -> None:
        self.classifier.load_state_dict(state['model'], strict=True)

    def adapt(self, inputs: Tensor) -> Tensor:
        """Adapt on ``inputs`` and return the logits of the prediction for
        them."""
        with torch.no_grad():
            return self.classifier(inputs, mode='tensor')

    def forward(self,
                inputs: Tensor,
                data_samples: Optional[List[DataSample]] = None,
                mode: str = 'predict'):
        if mode == 'predict':
            return _predictions(self.adapt(inputs), data_samples)
        if mode == 'tensor':
            return self.classifier(inputs, mode='tensor')
        raise ValueError(
            f'{type(self).__name__} adapts at test time only; mode '
            f'{mode!r} is not supported (use test_cfg with '
            'TestTimeAdaptLoop and tools/test.py)')


@MODELS.register_module()
class TentAdapter(BNAdapter):
    """TENT (Wang et al., "Tent: Fully Test-Time Adaptation by Entropy
    Minimization", ICLR 2021): BN-1 plus ``steps`` gradient steps per test
    batch on the mean prediction entropy

    .. math:: H(\\hat y) = -\\sum_c p(\\hat y_c) \\log p(\\hat y_c)

    (Sec. 3, Eq. (1)), over the batch-norm scales and shifts only, with its
    own optimiser. The prediction returned is that of the last step's
    forward, made before its update, as the paper's online protocol.

    Args:
        classifier (dict | nn.Module): As :class:`BNAdapter`.
        optimizer (dict): An optimizer config without ``params``. Defaults
            to TENT's CIFAR setting, Adam, lr 1e-3, betas (0.9, 0.999).
        steps (int): Updates per batch. Defaults to 1.
        norm_types (Sequence[str]): As :class:`BNAdapter`.
        init_cfg (dict, optional): Initialisation config.
    """

    method = 'TENT'

    def __init__(self,
                 classifier: Union[dict, nn.Module],
                 optimizer: Optional[dict] = None,
                 steps: int = 1,
                 norm_types: Sequence[str] = BATCH_NORM_TYPES,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(classifier, norm_types, init_cfg)
        if not isinstance(steps, int) or steps < 1:
            raise ValueError(
                f'TentAdapter: model.steps must be an integer >= 1, got '
                f'{steps!r}')
        self.steps = steps
        self.params = self._adapted_parameters()
        if not self.params:
            raise ValueError(
                'TentAdapter: the normalisation layers of model.norm_types '
                f'= {list(self.norm_types)} have no affine scale or shift '
                'to adapt (affine=False)')
        self.classifier.requires_grad_(False)
        for _, p in self.params:
            p.requires_grad_(True)
        optimizer = dict(
            optimizer or dict(type='Adam', lr=1e-3, betas=(0.9, 0.999)))
        optimizer['params'] = [p for _, p in self.params]
        self.optimizer = OPTIMIZERS.build(optimizer)

    def adapted_parameter_names(self) -> List[str]:
        return [name for name, _ in self.params]

    def _adapted_parameters(self) -> List[Tuple[str, nn.Parameter]]:
        """The parameters the optimiser updates: every adapted layer's
        scale and shift."""
        return affine_parameters(self.norm_layers)

    def _state(self) -> dict:
        state = super()._state()
        state['optimizer'] = copy.deepcopy(self.optimizer.state_dict())
        return state

    def _load_state(self, state: dict) -> None:
        super()._load_state(state)
        self.optimizer.load_state_dict(state['optimizer'])

    def adapt(self, inputs: Tensor) -> Tensor:
        # The test loop runs under no_grad; TENT's update needs gradients.
        with torch.enable_grad():
            for _ in range(self.steps):
                logits = self.classifier(inputs, mode='tensor')
                loss = softmax_entropy(logits).mean()
                loss.backward()
                self.optimizer.step()
                self.optimizer.zero_grad()
        return logits.detach()


def _predictions(logits: Tensor,
                 data_samples: Optional[List[DataSample]]) -> List[DataSample]:
    scores = logits.softmax(dim=1)
    labels = scores.argmax(dim=1, keepdim=True)
    if data_samples is None:
        data_samples = [DataSample() for _ in range(len(logits))]
    for sample, score, label in zip(data_samples, scores, labels):
        sample.set_pred_score(score).set_pred_label(label)
    return data_samples


def _source_checkpoint_keys(module: BNAdapter, state_dict: Dict[str, Tensor],
                            prefix: str, *args) -> None:
    """Load a checkpoint of the bare classifier into the adapter, and stop
    on one of another architecture or class count (mmengine loads
    ``load_from`` with ``strict=False``, which would only warn)."""
    own = {
        f'classifier.{k}': v.shape
        for k, v in module.classifier.state_dict().items()
    }
    for key in list(state_dict):
        if not key.startswith(prefix):
            continue
        rel = key[len(prefix):]
        if f'classifier.{rel}' in own and not rel.startswith('classifier.'):
            state_dict[f'{prefix}classifier.{rel}'] = state_dict.pop(key)
    given = {
        k[len(prefix):]: v
        for k, v in state_dict.items() if k.startswith(prefix)
    }
    shapes = [
        f'{k[len("classifier."):]}: checkpoint {tuple(given[k].shape)}, '
        f'model {tuple(s)}' for k, s in own.items()
        if k in given and given[k].shape != s
    ]
    missing = [k[len('classifier.'):] for k in own if k not in given]
    if shapes or missing:
        detail = '; '.join(shapes) if shapes else \
            f'missing {", ".join(missing[:5])}' + (
                f' and {len(missing) - 5} more' if len(missing) > 5 else '')
        raise ValueError(
            f'{type(module).__name__}: the source checkpoint (load_from) '
            f'does not fit model.classifier ({detail}); it must be a '
            'checkpoint of the same architecture and class count')
