# Copyright (c) mmda contributors. All rights reserved.
import copy
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

import torch
import torchvision.transforms.functional as TF
from torch import Tensor, nn
from torchvision.transforms import InterpolationMode

from mmda.registry import MODELS
from .norm_layers import BATCH_NORM_TYPES
from .test_time_adapters import TentAdapter


def ema_update_weights(teacher: Sequence[Tensor], student: Sequence[Tensor],
                       momentum: float) -> None:
    """CoTTA's weight-averaged teacher (Wang et al., "Continual Test-Time
    Domain Adaptation", CVPR 2022, Eq. 3), in place:

    .. math::
        \\theta'_{t+1} = \\alpha \\theta'_t + (1 - \\alpha) \\theta_{t+1},

    with :math:`\\theta'` the teacher's weights, :math:`\\theta` the
    student's after its update and :math:`\\alpha` ``momentum``.

    Args:
        teacher (Sequence[Tensor]): :math:`\\theta'_t`, overwritten.
        student (Sequence[Tensor]): :math:`\\theta_{t+1}`, in the same
            order.
        momentum (float): :math:`\\alpha`.
    """
    with torch.no_grad():
        for t, s in zip(teacher, student):
            t.copy_(momentum * t + (1 - momentum) * s)


def anchor_confidence(anchor_logits: Tensor) -> Tensor:
    """The source (anchor) model's mean confidence on a batch (CoTTA,
    Sec. 3.2):

    .. math::
        \\frac{1}{N} \\sum_{n} \\max_c f_{\\theta_0}(x_n)_c,

    whose comparison with the threshold :math:`p_{th}` decides whether the
    teacher averages over augmentations (:func:`teacher_logits`). As
    CoTTA's code, the batch mean decides for the whole batch.

    Args:
        anchor_logits (Tensor): ``(N, K)`` the source model's logits.

    Returns:
        Tensor: A scalar.
    """
    return anchor_logits.softmax(1).max(1)[0].mean(0)


def teacher_logits(teacher: Callable[[Tensor], Tensor], inputs: Tensor,
                   augment: Callable[[Tensor], Tensor], num_augmentations: int,
                   confident: bool) -> Tensor:
    """CoTTA's augmentation-averaged pseudo-label (Eq. 4-5):

    .. math::
        \\tilde y'_t = \\frac{1}{N} \\sum_{i=0}^{N-1}
        f_{\\theta'_t}(\\mathrm{aug}_i(x_t)),
        \\qquad
        y'_t = \\begin{cases} \\hat y'_t = f_{\\theta'_t}(x_t), &
        \\mathrm{conf}(f_{\\theta_0}(x_t)) \\ge p_{th} \\\\
        \\tilde y'_t, & \\text{otherwise,} \\end{cases}

    averaged, as CoTTA's code, over the logits of the :math:`N`
    augmentations (not their probabilities).

    Args:
        teacher (Callable): :math:`f_{\\theta'}`, inputs to logits.
        inputs (Tensor): The batch :math:`x_t`.
        augment (Callable): One random augmentation of a batch.
        num_augmentations (int): :math:`N`.
        confident (bool): Whether the anchor's confidence reaches
            :math:`p_{th}` (:func:`anchor_confidence`).

    Returns:
        Tensor: ``(N, K)`` :math:`y'_t`, without gradient.
    """
    with torch.no_grad():
        if confident:
            return teacher(inputs)
        return torch.stack([
            teacher(augment(inputs)) for _ in range(num_augmentations)
        ]).mean(0)


def soft_cross_entropy(student_logits: Tensor,
                       teacher_logits: Tensor,
                       symmetric: bool = False) -> Tensor:
    """The consistency loss between the student and the teacher's
    pseudo-label (CoTTA, Eq. 2):

    .. math::
        \\mathcal{L}(x_t) = -\\sum_c y'_{tc} \\log \\hat y_{tc},

    per sample, with :math:`y' = \\mathrm{softmax}` of the teacher's logits
    and :math:`\\hat y` of the student's. ``symmetric=True`` averages it
    with the reverse term, :math:`-\\frac12 \\sum_c y'_c \\log \\hat y_c
    - \\frac12 \\sum_c \\hat y_c \\log y'_c`, as CoTTA's code for ImageNet
    (the reverse term's gradient flows through :math:`\\hat y` only if
    the teacher's logits carry none, as CoTTA's).

    Args:
        student_logits (Tensor): ``(N, K)``.
        teacher_logits (Tensor): ``(N, K)``.
        symmetric (bool): Defaults to False (CoTTA's CIFAR loss).

    Returns:
        Tensor: ``(N,)`` the per-sample loss.
    """
    forward = -(teacher_logits.softmax(1) *
                student_logits.log_softmax(1)).sum(1)
    if not symmetric:
        return forward
    reverse = -(student_logits.softmax(1) *
                teacher_logits.log_softmax(1)).sum(1)
    return 0.5 * forward + 0.5 * reverse


def stochastic_restore(params: Sequence[Tensor],
                       sources: Sequence[Tensor],
                       prob: float,
                       generator: Optional[torch.Generator] = None) -> None:
    """CoTTA's stochastic restoration (Eq. 6-7), in place:

    .. math::
        M \\sim \\mathrm{Bernoulli}(p), \\qquad
        W_{t+1} = M \\odot W_0 + (1 - M) \\odot W_{t+1},

    element by element, with :math:`W_0` the source weights and :math:`p`
    ``prob``. The masks are drawn on the CPU from ``generator`` (the
    global one if None), parameter after parameter in the order given, as
    CoTTA's code (``torch.rand(shape) < p``), then moved to the weights'
    device.

    Args:
        params (Sequence[Tensor]): :math:`W_{t+1}`, overwritten.
        sources (Sequence[Tensor]): :math:`W_0`, in the same order.
        prob (float): :math:`p`; 0 restores nothing and draws nothing.
        generator (torch.Generator, optional): A CPU generator.
    """
    if prob <= 0:
        return
    with torch.no_grad():
        for p, p0 in zip(params, sources):
            mask = (torch.rand(p.shape, generator=generator)
                    < prob).float().to(p.device)
            p.copy_(p0 * mask + p * (1. - mask))


def _uniform(low: float,
             high: float,
             generator: torch.Generator,
             shape: Tuple[int, ...] = ()) -> float:
    # one float32 draw, as torchvision's transforms make them
    return torch.empty(shape).uniform_(low, high, generator=generator).item()


def cotta_augmentation(images: Tensor,
                       generator: torch.Generator,
                       soft: bool = False,
                       gaussian_std: float = 0.005) -> Tensor:
    """One random augmentation of a batch of images in [0, 1], the same for
    every image of the batch (CoTTA's ``get_tta_transforms``, after KATANA,
    Mocanu et al., 2021): clip to [0, 1]; brightness, contrast, saturation,
    hue and gamma jitter in a random order; edge padding by half the image
    side; a random rotation, translation (1/16 of the padded side) and
    scale; a Gaussian blur (kernel 5); centre crop back to the image size;
    a horizontal flip with probability 0.5; additive Gaussian noise; clip.

    Every random number is drawn from ``generator`` on the CPU, in the
    order and with the draws of torchvision's ``RandomAffine``,
    ``GaussianBlur`` and ``RandomHorizontalFlip`` and CoTTA's colour
    jitter, so that the same generator state gives the same augmentation
    as CoTTA's code under the same global seed.

    Args:
        images (Tensor): ``(N, C, H, W)`` in [0, 1].
        generator (torch.Generator): A CPU generator.
        soft (bool): CoTTA's milder ranges. Defaults to False.
        gaussian_std (float): The noise's std. Defaults to 0.005.

    Returns:
        Tensor: ``(N, C, H, W)`` in [0, 1].
    """
    size = list(images.shape[-2:])
    x = images.clamp(0., 1.)
    jitter = [
        (TF.adjust_brightness, (0.8, 1.2) if soft else (0.6, 1.4)),
        (TF.adjust_contrast, (0.85, 1.15) if soft else (0.7, 1.3)),
        (TF.adjust_saturation, (0.75, 1.25) if soft else (0.5, 1.5)),
        (TF.adjust_hue, (-0.03, 0.03) if soft else (-0.06, 0.06)),
        (TF.adjust_gamma, (0.85, 1.15) if soft else (0.7, 1.3)),
    ]
    for i in torch.randperm(len(jitter), generator=generator).tolist():
        adjust, (low, high) = jitter[i]
        factor = _uniform(low, high, generator)
        if adjust is TF.adjust_gamma:
            # gamma after a contrast change can hit 0, whose gradient is NaN
            x = x.clamp(1e-8, 1.0)
        x = adjust(x, factor)
    x = TF.pad(x, size[0] // 2, padding_mode='edge')
    degrees = 8. if soft else 15.
    angle = _uniform(-degrees, degrees, generator, (1, ))
    # RandomAffine's translation bounds: width first, then height
    max_dx, max_dy = x.shape[-1] / 16, x.shape[-2] / 16
    tx = int(round(_uniform(-max_dx, max_dx, generator, (1, ))))
    ty = int(round(_uniform(-max_dy, max_dy, generator, (1, ))))
    scale = _uniform(*((0.95, 1.05) if soft else (0.9, 1.1)), generator, (1, ))
    x = TF.affine(
        x,
        angle, [tx, ty],
        scale, [0., 0.],
        interpolation=InterpolationMode.BILINEAR,
        fill=[0.] * x.shape[-3])
    sigma = _uniform(0.001, 0.25 if soft else 0.5, generator, (1, ))
    x = TF.gaussian_blur(x, [5, 5], [sigma, sigma])
    x = TF.center_crop(x, size)
    if torch.rand(1, generator=generator) < 0.5:
        x = TF.hflip(x)
    noise = torch.randn(x.size(), generator=generator) * gaussian_std
    return (x + noise.to(x.device)).clamp(0., 1.)


@MODELS.register_module()
class CoTTAAdapter(TentAdapter):
    """CoTTA (Wang et al., "Continual Test-Time Domain Adaptation", CVPR
    2022): a student adapts every weight to a teacher's pseudo-labels, the
    teacher follows the student, and some weights return to the source:

    - **weight-averaged teacher**: the student's loss is the cross-entropy
      to the teacher's soft prediction (:func:`soft_cross_entropy`, Eq. 2);
      after the student's update the teacher's weights move by
      :math:`1 - \\alpha` towards it (``mt`` :math:`\\alpha`, 0.999;
      :func:`ema_update_weights`, Eq. 3);
    - **augmentation-averaged pseudo-labels**: when the source (anchor)
      model's mean confidence on the batch is below ``ap``
      (:math:`p_{th}`; :func:`anchor_confidence`), the teacher's logits
      are averaged over ``num_augmentations`` random augmentations
      (:func:`cotta_augmentation`; :func:`teacher_logits`, Eq. 4-5);
    - **stochastic restoration**: after each update, each element of each
      adapted weight returns to its source value with probability ``rst``
      (:func:`stochastic_restore`, Eq. 6-7).

    The prediction returned is the teacher's pseudo-label :math:`y'`, as
    CoTTA's code. All the classifier's weights and biases adapt (CoTTA's
    ``configure_model`` enables every one); its normalisation layers
    (``norm_types``) use the test batch's statistics, in the student, the
    teacher and the anchor alike.

    **State.** The teacher and the anchor are copies of the classifier made
    at the first :meth:`reset` (the test loop's, after the source
    checkpoint is loaded); every later reset restores the student, the
    teacher and the optimizer to the source state, as the test-time
    adaptation library's ``CoTTA.reset`` (the anchor never changes). Their
    weights stay out of the state dict, which is the classifier's.

    **Randomness.** The augmentations and the restoration masks are drawn
    from the adapter's own CPU generator, seeded with ``seed`` and not
    reseeded by a reset, in the order of CoTTA's code, which draws them
    from torch's global generator.

    **Inputs.** The augmentations act on images in [0, 1], as CoTTA's
    (whose models normalise inside): the adapter undoes the data
    preprocessor's ``mean`` / ``std`` (on the 0..255 scale) before them and
    redoes it after.

    Args:
        classifier (dict | nn.Module): As :class:`BNAdapter`; its
            ``data_preprocessor`` must have ``mean`` and ``std``.
        optimizer (dict): An optimizer config without ``params``. Defaults
            to Adam, lr 1e-3, betas (0.9, 0.999) (the library's CIFAR-10-C
            setting).
        mt (float): The teacher's momentum :math:`\\alpha`, in [0, 1].
            Defaults to 0.999.
        rst (float): The restoration probability, in [0, 1]. Defaults to
            0.01.
        ap (float): The anchor confidence threshold :math:`p_{th}`.
            Defaults to 0.92 (CIFAR-10-C).
        num_augmentations (int): :math:`N`. Defaults to 32.
        symmetric (bool): :func:`soft_cross_entropy`'s; CoTTA's code uses
            the symmetric loss for ImageNet, the plain one for CIFAR.
            Defaults to False.
        seed (int): The seed of the adapter's generator. Defaults to 0.
        steps (int): As :class:`TentAdapter`.
        norm_types (Sequence[str]): As :class:`BNAdapter`.
        init_cfg (dict, optional): Initialisation config.
    """

    method = 'CoTTA'

    def __init__(self,
                 classifier: Union[dict, nn.Module],
                 optimizer: Optional[dict] = None,
                 mt: float = 0.999,
                 rst: float = 0.01,
                 ap: float = 0.92,
                 num_augmentations: int = 32,
                 symmetric: bool = False,
                 seed: int = 0,
                 steps: int = 1,
                 norm_types: Sequence[str] = BATCH_NORM_TYPES,
                 init_cfg: Optional[dict] = None) -> None:
        for key, value in (('mt', mt), ('rst', rst)):
            if not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise ValueError(f'CoTTAAdapter: model.{key} must be a '
                                 f'number in [0, 1], got {value!r}')
        if not isinstance(num_augmentations, int) or num_augmentations < 1:
            raise ValueError('CoTTAAdapter: model.num_augmentations must be '
                             f'an integer >= 1, got {num_augmentations!r}')
        super().__init__(
            classifier,
            optimizer=optimizer,
            steps=steps,
            norm_types=norm_types,
            init_cfg=init_cfg)
        pre = self.classifier.data_preprocessor
        if getattr(pre, 'mean', None) is None or getattr(pre, 'std',
                                                         None) is None:
            raise ValueError(
                'CoTTAAdapter: model.classifier.data_preprocessor needs mean '
                'and std, to undo them before the augmentations')
        self.mt = float(mt)
        self.rst = float(rst)
        self.ap = ap
        self.num_augmentations = num_augmentations
        self.symmetric = symmetric
        self.seed = seed
        self.generator = torch.Generator().manual_seed(seed)
        # not submodules: their weights are no part of the state dict, and
        # they are made from the loaded source weights at the first reset
        self._copies: Dict[str, nn.Module] = {}

    @property
    def teacher(self) -> nn.Module:
        """The weight-averaged teacher (after the first :meth:`reset`)."""
        return self._copies['teacher']

    @property
    def anchor(self) -> nn.Module:
        """The source model (after the first :meth:`reset`)."""
        return self._copies['anchor']

    def _adapted_parameters(self) -> List[Tuple[str, nn.Parameter]]:
        # every weight and bias of the classifier, as CoTTA's code
        return [(name, p) for name, p in self.classifier.named_parameters()
                if name.rsplit('.', 1)[-1] in ('weight', 'bias')]

    def reset(self) -> None:
        first = self._snapshot is None
        super().reset()
        if first:
            for key in ('teacher', 'anchor'):
                self._copies[key] = copy.deepcopy(
                    self.classifier).requires_grad_(False)
        else:
            self.teacher.load_state_dict(self._snapshot['model'], strict=True)

    def _sources(self) -> List[Tensor]:
        return [self._snapshot['model'][name] for name, _ in self.params]

    def _augment(self, inputs: Tensor) -> Tensor:
        """:func:`cotta_augmentation` of preprocessed inputs, in the
        preprocessor's normalisation."""
        pre = self.classifier.data_preprocessor
        images = (inputs * pre.std + pre.mean) / 255
        images = cotta_augmentation(images, self.generator)
        return (images * 255 - pre.mean) / pre.std

    def adapt(self, inputs: Tensor) -> Tensor:
        if self._snapshot is None:
            raise RuntimeError(
                'CoTTAAdapter: reset() must record the source model before '
                'the first batch (test_cfg.type=TestTimeAdaptLoop does)')
        student = [p for _, p in self.params]
        # the teacher follows every parameter, as CoTTA's code
        # (update_all=True)
        teacher = list(self.teacher.parameters())
        merged = list(self.classifier.parameters())
        with torch.enable_grad():
            for _ in range(self.steps):
                logits = self.classifier(inputs, mode='tensor')
                with torch.no_grad():
                    anchor = self.anchor(inputs, mode='tensor')
                    target = teacher_logits(
                        lambda x: self.teacher(x, mode='tensor'), inputs,
                        self._augment, self.num_augmentations,
                        bool(anchor_confidence(anchor) >= self.ap))
                soft_cross_entropy(logits, target,
                                   self.symmetric).mean(0).backward()
                self.optimizer.step()
                self.optimizer.zero_grad()
                ema_update_weights(teacher, merged, self.mt)
                stochastic_restore(student, self._sources(), self.rst,
                                   self.generator)
        return target
