# Copyright (c) mmda contributors. All rights reserved.
"""Representation Self-Challenging (RSC).

Huang et al., "Self-challenging Improves Cross-Domain Generalization",
ECCV 2020, Sec. 3 and Algorithm 1. RSC mutes the features that the
classifier's gradient marks as most predictive of the true class, so that
the network must also learn the remaining ones:

    g = d( sum_i logit_i[y_i] ) / d z                               (Eq. 1)
    spatial: s = sum_c z * mean_hw(g), mute the top 1/3 positions   (Eq. 2-3)
    channel: s = mean_hw(g),           mute the top 1/3.2 channels  (Eq. 4)
    keep the mask only on the samples whose true-class probability
    drops most ("batch percentage", Sec. 3.3)

and the loss is the cross-entropy on the muted features. At test time RSC
is the identity.
"""
import math
import random
from typing import Any, Callable, Optional, Sequence, Tuple, Union

import torch
from torch import Tensor, nn

from mmda.models.plugins.rsc_plugin import RSCPlugin
from mmda.registry import MODELS

# Logits from features: the part of the network above RSC.
LogitsFn = Callable[[Tensor], Tensor]


def rsc_feature_gradient(z: Tensor, logits_fn: LogitsFn,
                         targets: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    """Eq. (1): the gradient of the true-class logits w.r.t. the features.

    The gradient is taken on a detached copy of ``z``, so it neither
    reaches the network below nor accumulates into the head's weights.

    Args:
        z (Tensor): Features ``(N, C, H, W)``.
        logits_fn (callable): Maps features to logits ``(N, K)``.
        targets (Tensor): Class indices ``(N,)``, or one-hot or soft
            targets ``(N, K)``.

    Returns:
        tuple[Tensor, Tensor, Tensor]: ``g`` shaped like ``z``; the logits
        of the unmuted features ``(N, K)``, detached; the targets as
        ``(N, K)``.
    """
    with torch.enable_grad():
        probe = z.detach().requires_grad_(True)
        logits = logits_fn(probe)
        targets = _as_matrix(targets, logits)
        (grad, ) = torch.autograd.grad((logits * targets).sum(), probe)
    return grad, logits.detach(), targets


def rsc_drop_mask(z: Tensor, grad: Tensor, spatial: bool,
                  drop_fraction: float) -> Tensor:
    """Eq. (2)-(4): mute the most important positions or channels.

    Args:
        z (Tensor): Features ``(N, C, H, W)``.
        grad (Tensor): ``g`` of Eq. (1), shaped like ``z``.
        spatial (bool): Mute spatial positions (importance
            ``sum_c z * mean_hw(g)``) rather than channels (importance
            ``mean_hw(g)``).
        drop_fraction (float): Share of positions (or channels) muted per
            sample; ``ceil(share * count)`` of them are.

    Returns:
        Tensor: A 0/1 mask, ``(N, 1, H, W)`` if ``spatial`` else
        ``(N, C, 1, 1)``.
    """
    n, c, h, w = z.shape
    channel_weight = grad.mean(dim=(2, 3), keepdim=True)
    if spatial:
        importance = (z * channel_weight).sum(dim=1).flatten(1)  # (N, HW)
    else:
        importance = channel_weight.flatten(1)  # (N, C)
    count = importance.shape[1]
    num_drop = min(math.ceil(count * drop_fraction), count)
    mask = torch.ones_like(importance)
    top = importance.topk(num_drop, dim=1).indices
    mask.scatter_(1, top, 0.0)
    return mask.view(n, 1, h, w) if spatial else mask.view(n, c, 1, 1)


def rsc_select_samples(p_before: Tensor, p_after: Tensor,
                       batch_percent: float) -> Tensor:
    """Sec. 3.3, batch percentage: which samples keep their mask.

    ``change = max(p_before - p_after - 1e-4, 0)``, the drop of the
    true-class probability caused by the mask; the samples whose change
    exceeds the value at rank ``round(N * batch_percent)`` of the
    descending sort keep the mask, so about ``batch_percent`` of the batch
    is challenged.

    Args:
        p_before (Tensor): True-class probabilities without the mask,
            ``(N,)``.
        p_after (Tensor): With the mask, ``(N,)``.
        batch_percent (float): The share of samples to challenge, in [0, 1].

    Returns:
        Tensor: Boolean ``(N,)``, True where the mask is kept.
    """
    change = (p_before - p_after - 1e-4).clamp(min=0)
    ranked = change.sort(descending=True).values
    rank = min(int(round(len(change) * batch_percent)), len(change) - 1)
    return change > ranked[rank]


def rsc(z: Tensor,
        logits_fn: LogitsFn,
        targets: Tensor,
        spatial: bool,
        spatial_drop: float = 1 / 3,
        channel_drop: float = 1 / 3.2,
        batch_percent: float = 1 / 3) -> Tuple[Tensor, Tensor]:
    """One RSC step on features ``z`` (Algorithm 1).

    Two extra passes through the head only (one with a gradient for Eq. (1),
    one to measure the effect of the mask); none through the backbone.

    Args:
        z (Tensor): Features ``(N, C, H, W)``.
        logits_fn (callable): Maps features to logits ``(N, K)``.
        targets (Tensor): Class indices ``(N,)``, or one-hot or soft
            targets ``(N, K)``.
        spatial (bool): Spatial-wise (True) or channel-wise (False) muting.
        spatial_drop (float): Share of positions muted. Defaults to 1/3.
        channel_drop (float): Share of channels muted. Defaults to 1/3.2.
        batch_percent (float): Share of samples challenged.
            Defaults to 1/3.

    Returns:
        tuple[Tensor, Tensor]: The muted features ``z * mask`` (gradients
        flow through ``z``), and the mask actually applied, broadcastable
        to ``z``.
    """
    grad, logits, targets = rsc_feature_gradient(z, logits_fn, targets)
    mask = rsc_drop_mask(z.detach(), grad, spatial,
                         spatial_drop if spatial else channel_drop)
    with torch.no_grad():
        p_before = (logits.softmax(dim=1) * targets).sum(dim=1)
        p_after = (logits_fn(z.detach() * mask).softmax(dim=1) *
                   targets).sum(dim=1)
        keep = rsc_select_samples(p_before, p_after, batch_percent)
        mask = torch.where(keep.view(-1, 1, 1, 1), mask, torch.ones_like(mask))
    return z * mask, mask


def _as_matrix(targets: Tensor, logits: Tensor) -> Tensor:
    if logits.dim() != 2:
        raise ValueError('RSC: the head must give logits of shape (N, K), '
                         f'got {tuple(logits.shape)}')
    if targets.dim() == 1:
        targets = nn.functional.one_hot(targets.long(), logits.shape[1])
    if targets.shape != logits.shape:
        raise ValueError(f'RSC: {len(targets)} targets of shape '
                         f'{tuple(targets.shape)} for logits of shape '
                         f'{tuple(logits.shape)}; the batch that reaches RSC '
                         'must be the labelled batch')
    return targets.to(device=logits.device, dtype=logits.dtype)


def rsc_spatial_choice(seed: int, iteration: int, where: str,
                       spatial_prob: float) -> bool:
    """Sec. 3.1: choose spatial-wise (True) or channel-wise muting for one
    iteration, with probability ``spatial_prob`` for spatial.

    The draw depends only on the run's seed, the iteration and the layer's
    place, so every rank of a distributed run, and a resumed run, draws
    the same.
    """
    return random.Random(f'{seed}/{iteration}/{where}').random() < (
        spatial_prob)


def rsc_features(
        feats: Union[Tensor, Sequence[Tensor]],
        head: Callable[[Any], Tensor],
        labels: Tensor,
        spatial: Optional[bool],
        spatial_drop: float = 1 / 3,
        channel_drop: float = 1 / 3.2,
        batch_percent: float = 1 / 3,
        where: str = 'RSC'
) -> Tuple[Union[Tensor, Tuple[Tensor, ...]], Tensor]:
    """:func:`rsc` on the labelled first rows of a layer's output.

    Args:
        feats (Tensor | Sequence[Tensor]): Feature maps ``(N, C, H, W)`` or
            vectors ``(N, C)``, or a tuple of them such as a backbone's
            output, in which case only the last one is challenged.
        head (callable): Maps ``feats`` (restricted to the labelled rows) to
            logits ``(n, K)``.
        labels (Tensor): Class indices ``(n,)``, or targets ``(n, K)``, of
            the first ``n`` rows; the other rows pass untouched.
        spatial (bool, optional): Spatial-wise (True) or channel-wise muting
            of feature maps; feature vectors are always muted channel-wise
            (None is then allowed).
        spatial_drop, channel_drop, batch_percent (float): See :func:`rsc`.
        where (str): The layer and its place, named in errors.

    Returns:
        tuple: The output, shaped like ``feats``, and the mask applied to
        the labelled rows (broadcastable to them, as a map).
    """
    is_tuple = isinstance(feats, (tuple, list))
    z = feats[-1] if is_tuple else feats
    if not hasattr(z, 'dim') or z.dim() not in (2, 4):
        shape = tuple(z.shape) if hasattr(z, 'shape') else type(z)
        raise ValueError(f'{where} expects feature maps (N, C, H, '
                         f'W) or feature vectors (N, C), got {shape}')
    # A feature vector (e.g. after a fully connected layer, as the digits
    # LeNet of tllib's DANN recipe ends) is a 1x1 map: only channel-wise
    # muting applies, which is DomainBed's RSC on its featurizer output.
    vector = z.dim() == 2
    if vector:
        z = z[:, :, None, None]
    elif spatial is None:
        raise RuntimeError(
            f'{where}: no spatial- or channel-wise choice for this '
            'iteration; in a run, add RSCBatchPercentHook or '
            "RSCSpatialChoiceHook to custom_hooks (type='mmda."
            "RSCSpatialChoiceHook'), elsewhere set the layer's spatial")
    n = len(labels)
    if n > len(z):
        raise ValueError(f'{where}: {n} labels for a batch of '
                         f'{len(z)} rows')
    # The labelled rows come first; the others pass untouched.
    lower = [f[:n] for f in feats[:-1]] if is_tuple else []

    def logits_fn(x: Tensor) -> Tensor:
        x = x.flatten(1) if vector else x
        return head((*lower, x) if is_tuple else x)

    muted, mask = rsc(z[:n], logits_fn, labels,
                      bool(spatial) and not vector, spatial_drop, channel_drop,
                      batch_percent)
    if n < len(z):
        muted = torch.cat([muted, z[n:]])
    if vector:
        muted = muted.flatten(1)
    return ((*feats[:-1], muted) if is_tuple else muted), mask


@MODELS.register_module()
class RSC(RSCPlugin, nn.Module):
    """Module form of :func:`rsc_features`; it has no parameters and is the
    identity outside training.

    RSC needs the labels and the part of the network above it. Inserted
    with :func:`mmda.models.insert_plugins` (or ``type='mmda.PluggedModel'``)
    it gets both through :class:`mmda.models.plugins.rsc_plugin.RSCPlugin`:
    the modules named in ``head`` are resolved once, at insertion (each is
    called on the previous one's output, starting from the features); the
    labels are a stock mmpretrain classifier's ``gt_label`` of each
    ``mode='loss'`` forward, or what an mmda model announces (under
    ``UDAImageClassifier`` the labelled source rows; the target rows pass
    through untouched).

    What changes per iteration is set on the layer by hooks, never read by
    it from global state: ``spatial`` (spatial- or channel-wise muting,
    drawn from the run's seed and iteration by ``RSCSpatialChoiceHook`` or
    ``RSCBatchPercentHook``, see :func:`rsc_spatial_choice`) and
    ``batch_percent`` (``RSCBatchPercentHook``).

    Input: the features ``(N, C, H, W)``, or a tuple of them such as a
    backbone's output, in which case only the last one is challenged.

    Args:
        head (Sequence[str]): Paths, in the model RSC is inserted in, of the
            modules that map its input to logits. Defaults to
            ``('neck', 'head')``, right for an mmpretrain ``ImageClassifier``
            when RSC sits on the backbone output.
        spatial_prob (float): Probability of spatial-wise muting in an
            iteration (channel-wise otherwise). Defaults to 0.5. Feature
            vectors ``(N, C)`` (RSC after a fully connected layer) are
            always muted channel-wise, as DomainBed's RSC does.
        spatial_drop (float): Share of positions muted. Defaults to 1/3.
        channel_drop (float): Share of channels muted. Defaults to 1/3.2.
        batch_percent (float): Share of samples challenged; updated by
            ``RSCBatchPercentHook`` if present. Defaults to 1/3.
    """

    def __init__(self,
                 head: Sequence[str] = ('neck', 'head'),
                 spatial_prob: float = 0.5,
                 spatial_drop: float = 1 / 3,
                 channel_drop: float = 1 / 3.2,
                 batch_percent: float = 1 / 3) -> None:
        super().__init__()
        for name, value in (('spatial_prob', spatial_prob), ('spatial_drop',
                                                             spatial_drop),
                            ('channel_drop', channel_drop), ('batch_percent',
                                                             batch_percent)):
            if not 0 <= value <= 1:
                raise ValueError(f'RSC: {name} must be in [0, 1], got {value}')
        self.head = tuple([head] if isinstance(head, str) else head)
        self.spatial_prob = spatial_prob
        self.spatial_drop = spatial_drop
        self.channel_drop = channel_drop
        self.batch_percent = batch_percent
        #: Spatial-wise (True) or channel-wise muting in this iteration.
        self.spatial: Optional[bool] = None
        self.last_mask: Optional[Tensor] = None

    def forward(
        self, feats: Union[Tensor, Tuple[Tensor, ...]]
    ) -> Union[Tensor, Tuple[Tensor, ...]]:
        if not self.training:
            return feats
        labels = self.pass_labels()
        if labels is None:
            return feats  # unlabelled rows (a UDA target pass)
        with self.probing_head() as head:
            out, self.last_mask = rsc_features(feats, head, labels,
                                               self.spatial, self.spatial_drop,
                                               self.channel_drop,
                                               self.batch_percent, self.where)
        return out

    def extra_repr(self) -> str:
        return (f'head={self.head}, spatial_prob={self.spatial_prob}, '
                f'spatial_drop={self.spatial_drop:.4g}, '
                f'channel_drop={self.channel_drop:.4g}, '
                f'batch_percent={self.batch_percent:.4g}')
