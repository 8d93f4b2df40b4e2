# Copyright (c) mmda contributors. All rights reserved.
"""Check that mmda's Rotated and Colored MNIST are DomainBed's, sample for
sample.

DomainBed (facebookresearch/DomainBed, ``domainbed/datasets.py``) builds
both from torchvision's MNIST after ``torch.manual_seed(--seed)``, and
splits each environment into ``in``/``out`` with ``misc.split_dataset``
seeded by ``misc.seed_hash(--trial_seed, env)``. This script builds
DomainBed's own classes on the same pool of digits as mmda (the embedded
MNIST-5k, or MNIST's idx files with ``--mnist-root``) and compares every
environment and split with mmda's datasets: the images DomainBed feeds
(``x / 255``) and the labels, exactly (``torch.equal``).

Runtime shims only: torchvision's ``MNIST`` in DomainBed's module is
replaced by a class that serves the pool as the "train" part and nothing
as the "test" part (DomainBed concatenates the two), and
:mod:`benchmarks.peers.domainbed_import`'s stand-ins for ``wilds``.

Example::

    python benchmarks/peers/domainbed_mnist_environments.py \\
        /work/scratch/peers/DomainBed --seeds 0 1 2
"""
import argparse
import os.path as osp
import sys
from typing import List

import numpy as np
import torch

if __package__ in (None, ''):
    sys.path.insert(
        0, osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
from benchmarks.peers.domainbed_import import import_domainbed  # noqa: E402


def import_domainbed_mnist(root: str, pool: tuple):
    """DomainBed's ``datasets`` and ``misc``, its MNIST served from the
    pool."""
    datasets = import_domainbed(root, 'datasets')
    misc = import_domainbed(root, 'lib.misc')
    images, labels = pool

    class PoolMNIST:
        """torchvision's MNIST API over the pool: all of it is "train"."""

        def __init__(self, root, train=True, download=False):
            keep = slice(None) if train else slice(0, 0)
            self.data, self.targets = images[keep], labels[keep]

    datasets.MNIST = PoolMNIST
    return datasets, misc


def compare(root: str, seeds: List[int], mnist_root=None) -> List[str]:
    """Build each benchmark both ways per seed; return the mismatches."""
    from mmda.datasets import ColoredMNIST, RotatedMNIST
    from mmda.datasets.digits.environment_mnist import _mnist_pool
    pool = _mnist_pool(mnist_root)
    datasets, misc = import_domainbed_mnist(root, pool)
    problems = []
    for ours in (RotatedMNIST, ColoredMNIST):
        for seed in seeds:
            torch.manual_seed(seed)
            theirs = getattr(datasets, ours.__name__)('unused', [0], {})
            for env_i, domain in enumerate(ours.DOMAINS):
                env = theirs[env_i]
                out_part, in_part = misc.split_dataset(
                    env, int(len(env) * 0.2), misc.seed_hash(0, env_i))
                for split, part in (('in', in_part), ('out', out_part), (None,
                                                                         env)):
                    mine = ours(
                        domain=domain,
                        split=split,
                        data_root=mnist_root,
                        env_seed=seed,
                        lazy_init=False)
                    ok = len(mine) == len(part)
                    for i in range(len(part)) if ok else ():
                        x, y = part[i]
                        info = mine.get_data_info(i)
                        img = torch.from_numpy(np.asarray(info['img']))
                        if img.ndim == 3:
                            img = img.permute(2, 0, 1)
                        ok = (
                            torch.equal(img.float().div(255.0),
                                        x.reshape(img.shape))
                            and int(y) == info['gt_label'])
                        if not ok:
                            break
                    line = (f'{ours.__name__} seed {seed} domain {domain} '
                            f'split {split}: {len(mine)} vs {len(part)} '
                            f'samples, {"identical" if ok else "DIFFERENT"}')
                    print(line)
                    if not ok:
                        problems.append(line)
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('domainbed', help='a checkout of DomainBed')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    parser.add_argument(
        '--mnist-root',
        default=None,
        help="MNIST's idx files (default: the embedded MNIST-5k)")
    opts = parser.parse_args(argv)
    problems = compare(opts.domainbed, opts.seeds, opts.mnist_root)
    print(f'{len(problems)} of the environments differ' if problems else
          'every environment and split is identical to DomainBed\'s')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
