# Copyright (c) mmda contributors. All rights reserved.
"""DomainBed's MNIST environments (Gulrajani & Lopez-Paz, ICLR 2021).

DomainBed builds Rotated MNIST and Colored MNIST from one pool of digits:
the pool is shuffled with torch's generator, environment ``i`` of ``n``
takes every ``n``-th image from ``i``, and each environment is then
transformed (rotated, or coloured with a label-colour correlation). Each
environment is split into an ``in`` part (training, or testing where it is
held out) and an ``out`` part (``holdout_fraction`` of it, the validation
data of training-domain model selection), by a NumPy shuffle seeded with a
hash of the trial seed and the environment's index.

The functions below are that construction on tensors; they draw from a
``torch.Generator`` in the order DomainBed draws from torch's global one,
so a generator seeded with DomainBed's ``--seed`` gives its environments
exactly (``benchmarks/peers/domainbed_mnist_environments.py`` checks it).
"""
import hashlib
from functools import lru_cache
from typing import List, Optional, Sequence, Tuple, Union

import numpy as np
import torch
from mmpretrain.datasets import BaseDataset
from PIL import Image
from torchvision.transforms import InterpolationMode
from torchvision.transforms.functional import rotate

from mmda.registry import DATASETS
from ..domain_names import NamedDomains
from ..pipeline import build_transforms, run_pipeline

Environment = Tuple[torch.Tensor, torch.Tensor]


def split_environments(images: torch.Tensor, labels: torch.Tensor,
                       num_envs: int,
                       generator: torch.Generator) -> List[Environment]:
    """Shuffle a pool of digits and deal it into ``num_envs`` environments.

    Args:
        images (torch.Tensor): ``(N, H, W)`` uint8.
        labels (torch.Tensor): ``(N,)`` int64.
        num_envs (int): The number of environments.
        generator (torch.Generator): Draws the permutation.

    Returns:
        list[tuple]: ``(images, labels)`` of each environment; environment
        ``i`` holds the shuffled samples ``i, i + n, i + 2n, ...``.
    """
    shuffle = torch.randperm(len(images), generator=generator)
    images, labels = images[shuffle], labels[shuffle]
    return [(images[i::num_envs], labels[i::num_envs])
            for i in range(num_envs)]


def rotate_digits(images: torch.Tensor, angle: float) -> torch.Tensor:
    """Rotate grey digits counter-clockwise by ``angle`` degrees.

    Bilinear interpolation on the 8-bit image with a black fill, as
    DomainBed's Rotated MNIST (torchvision's ``rotate`` on a PIL image).

    Args:
        images (torch.Tensor): ``(N, H, W)`` uint8.
        angle (float): The angle in degrees.

    Returns:
        torch.Tensor: ``(N, H, W)`` uint8.
    """
    out = torch.empty_like(images)
    for i, img in enumerate(images.numpy()):
        pil = rotate(
            Image.fromarray(img, mode='L'),
            angle,
            interpolation=InterpolationMode.BILINEAR,
            fill=(0, ))
        out[i] = torch.from_numpy(np.array(pil))
    return out


def color_digits(images: torch.Tensor, labels: torch.Tensor, color_flip: float,
                 generator: torch.Generator) -> Environment:
    """Colour digits so that the colour predicts a noisy binary label.

    Arjovsky et al. (2019), "Invariant Risk Minimization", as DomainBed
    builds it: the label is ``y = [digit < 5] xor n`` with
    ``n ~ Bernoulli(0.25)``; the colour is ``c = y xor e`` with
    ``e ~ Bernoulli(color_flip)``; the image has two channels and the one
    of colour ``1 - c`` is zeroed. Across environments the label-colour
    correlation ``1 - color_flip`` changes while the shape's (0.75) does
    not.

    Args:
        images (torch.Tensor): ``(N, H, W)`` uint8.
        labels (torch.Tensor): ``(N,)`` digits.
        color_flip (float): The probability that the colour disagrees with
            the label.
        generator (torch.Generator): Draws the label noise, then the colour
            noise.

    Returns:
        tuple: ``(N, 2, H, W)`` uint8 images and ``(N,)`` int64 labels.
    """
    n = len(labels)
    binary = (labels < 5).float()
    binary = (binary -
              (torch.rand(n, generator=generator) < 0.25).float()).abs()
    colors = (binary -
              (torch.rand(n, generator=generator) < color_flip).float()).abs()
    two = torch.stack([images, images], dim=1)
    two[torch.arange(n), (1 - colors).long()] = 0
    return two, binary.long()


def seed_hash(*args) -> int:
    """A seed from any values, as DomainBed's ``misc.seed_hash``: the MD5 of
    their tuple's ``str``, modulo ``2**31``."""
    digest = hashlib.md5(str(args).encode('utf-8')).hexdigest()
    return int(digest, 16) % (2**31)


def holdout_split(num_samples: int, holdout_fraction: float,
                  seed: int) -> Tuple[np.ndarray, np.ndarray]:
    """DomainBed's in/out split of one environment.

    Args:
        num_samples (int): The environment's size.
        holdout_fraction (float): The fraction held out (``out``).
        seed (int): Seeds a NumPy ``RandomState`` that shuffles the indices.

    Returns:
        tuple: The ``out`` indices (the first ``int(n * fraction)`` of the
        shuffle) and the ``in`` indices (the rest), in shuffled order.
    """
    keys = list(range(num_samples))
    np.random.RandomState(seed).shuffle(keys)
    n_out = int(num_samples * holdout_fraction)
    return np.array(
        keys[:n_out], dtype=np.int64), np.array(
            keys[n_out:], dtype=np.int64)


@lru_cache(maxsize=1)
def _mnist_pool(data_root: Optional[str]) -> Environment:
    """The digits DomainBed starts from: MNIST's train and test images, or
    the embedded MNIST-5k where no MNIST folder is given."""
    if data_root is None:
        from ..embedded_digits import _mnist5k_arrays
        images, labels = _mnist5k_arrays()
    else:
        from .mnist import MNISTIdx
        parts = [
            MNISTIdx(data_root, split=s, lazy_init=True).load_arrays()
            for s in ('train', 'test')
        ]
        images = np.concatenate([p[0] for p in parts])
        labels = np.concatenate([p[1] for p in parts])
    return torch.from_numpy(images.copy()), torch.from_numpy(labels.copy())


class EnvironmentMNIST(NamedDomains, BaseDataset):
    """Base of DomainBed's MNIST benchmarks: one environment per domain.

    A subclass sets ``DOMAINS``, ``ENVIRONMENTS`` (each domain's setting,
    in the same order) and the class method
    ``make_environments(images, labels, generator)``, which builds every
    environment from the pool of digits, drawing from ``generator`` in
    DomainBed's order.

    Args:
        domain (str | list[str]): The domain, or several domains, which are
            concatenated in the given order.
        split (str, optional): ``'in'`` (the training part; the test set of a
            held-out domain), ``'out'`` (the held-out ``holdout_fraction``,
            validation data) or None (the whole environment). Defaults to
            ``'in'``.
        data_root (str, optional): A folder of MNIST's idx files (train and
            test are pooled, 70,000 digits, as DomainBed). Defaults to None,
            the embedded MNIST-5k (5,000 digits, no download).
        env_seed (int, optional): Seeds the environments' construction;
            DomainBed uses the run's seed. Defaults to None, the seed torch
            was last seeded with (``torch.initial_seed()``, which mmengine's
            ``randomness.seed`` sets before datasets are built).
        trial_seed (int): DomainBed's ``--trial_seed``: seeds the in/out
            split. Defaults to 0.
        holdout_fraction (float): The ``out`` fraction. Defaults to 0.2.
        **kwargs: Other arguments of mmpretrain's ``BaseDataset``
            (``pipeline``, ``test_mode``, ``indices``...).
    """

    ENVIRONMENTS: Tuple = ()
    SPLITS = (None, 'in', 'out')

    def __init__(self,
                 domain: Union[str, Sequence[str], None] = None,
                 split: Optional[str] = 'in',
                 data_root: Optional[str] = None,
                 env_seed: Optional[int] = None,
                 trial_seed: int = 0,
                 holdout_fraction: float = 0.2,
                 **kwargs) -> None:
        name = type(self).__name__
        self.domains = self.resolve_domains(domain)
        if split not in self.SPLITS:
            raise ValueError(
                f'{name}: unknown split {split!r}; expected one of '
                f'{", ".join(map(repr, self.SPLITS))}')
        if not 0 <= holdout_fraction < 1:
            raise ValueError(f'{name}: holdout_fraction must be in [0, 1), '
                             f'got {holdout_fraction}')
        self.split = split
        self.pool_root = data_root
        self.env_seed = (
            torch.initial_seed() if env_seed is None else int(env_seed))
        self.trial_seed = int(trial_seed)
        self.holdout_fraction = holdout_fraction
        kwargs.setdefault('ann_file', '')
        super().__init__(**build_transforms(kwargs))
        self._metainfo['domains'] = tuple(self.domains)

    def load_data_list(self) -> List[dict]:
        envs = _environments(type(self), self.pool_root, self.env_seed)
        data_list = []
        for domain in self.domains:
            env_i = self.DOMAINS.index(domain)
            images, labels = envs[env_i]
            if self.split is None:
                chosen = np.arange(len(labels))
            else:
                out_idx, in_idx = holdout_split(
                    len(labels), self.holdout_fraction,
                    seed_hash(self.trial_seed, env_i))
                chosen = in_idx if self.split == 'in' else out_idx
            for i in chosen:
                img = images[i].numpy()
                if img.ndim == 3:  # (C, H, W) -> (H, W, C), as images load
                    img = np.ascontiguousarray(img.transpose(1, 2, 0))
                data_list.append(
                    dict(img=img, gt_label=int(labels[i]), domain=domain))
        return data_list

    def __getitem__(self, idx: int) -> dict:
        return run_pipeline(self, self.get_data_info(idx), idx)

    def extra_repr(self) -> List[str]:
        source = self.pool_root or 'embedded MNIST-5k'
        return [
            f'Domains: \t{", ".join(self.domains)}',
            f'Split: \t{self.split} (holdout_fraction='
            f'{self.holdout_fraction}, trial_seed={self.trial_seed})',
            f'Environments: \tfrom {source}, env_seed={self.env_seed}',
        ]


@lru_cache(maxsize=4)
def _environments(cls: type, data_root: Optional[str],
                  env_seed: int) -> List[Environment]:
    # Cached: a run's training, validation and test sets are parts of the
    # same environments, built once.
    images, labels = _mnist_pool(data_root)
    generator = torch.Generator().manual_seed(env_seed)
    return cls.make_environments(images, labels, generator)


@DATASETS.register_module()
class RotatedMNIST(EnvironmentMNIST):
    """DomainBed's Rotated MNIST (Ghifary et al., ICCV 2015): six domains,
    the digits rotated by 0, 15, 30, 45, 60 and 75 degrees; 10 classes.

    Built as DomainBed builds it (:mod:`.environment_mnist`), from the
    embedded MNIST-5k by default (about 833 digits a domain) or from MNIST's
    idx files (``data_root``, 70,000 digits). Images are 28x28 grey uint8.
    See :class:`EnvironmentMNIST` for the arguments.
    """

    METAINFO = {'classes': tuple(str(i) for i in range(10))}
    ENVIRONMENTS = (0, 15, 30, 45, 60, 75)
    DOMAINS = tuple(str(a) for a in ENVIRONMENTS)
    DOMAIN_ALIASES = {f'{a}deg': str(a) for a in ENVIRONMENTS}

    @classmethod
    def make_environments(cls, images: torch.Tensor, labels: torch.Tensor,
                          generator: torch.Generator) -> List[Environment]:
        envs = split_environments(images, labels, len(cls.ENVIRONMENTS),
                                  generator)
        return [(rotate_digits(x, angle), y)
                for (x, y), angle in zip(envs, cls.ENVIRONMENTS)]


@DATASETS.register_module()
class ColoredMNIST(EnvironmentMNIST):
    """DomainBed's Colored MNIST (Arjovsky et al., 2019): a binary label
    (digit < 5, 25 % label noise) whose colour agrees with it in 90 %, 80 %
    and 10 % of the digits of the domains ``+90%``, ``+80%`` and ``-90%``.

    Built as DomainBed builds it (:func:`color_digits`), from the embedded
    MNIST-5k by default or from MNIST's idx files (``data_root``). Images
    are 28x28 with two channels (red, green), uint8 ``(H, W, 2)``; DomainBed
    feeds them as ``x / 255``. Class 1 is "digit < 5", as DomainBed's label.
    See :class:`EnvironmentMNIST` for the arguments.
    """

    METAINFO = {'classes': ('5-9', '0-4')}
    ENVIRONMENTS = (0.1, 0.2, 0.9)
    DOMAINS = ('+90%', '+80%', '-90%')
    DOMAIN_ALIASES = {'plus90': '+90%', 'plus80': '+80%', 'minus90': '-90%'}

    @classmethod
    def make_environments(cls, images: torch.Tensor, labels: torch.Tensor,
                          generator: torch.Generator) -> List[Environment]:
        envs = split_environments(images, labels, len(cls.ENVIRONMENTS),
                                  generator)
        return [
            color_digits(x, y, flip, generator)
            for (x, y), flip in zip(envs, cls.ENVIRONMENTS)
        ]
