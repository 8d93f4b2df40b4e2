# Copyright (c) mmda contributors. All rights reserved.
"""Run tllib's DAN digits recipe (thuml/Transfer-Learning-Library,
``examples/domain_adaptation/image_classification/dan.py`` with the
arguments of ``dan.sh``'s "Digits" lines) on mmda's embedded digits.

The runner builds what ``dan.py``'s ``main`` builds for ``-a lenet
--no-pool --scratch`` and ``dan.py``'s defaults for what ``dan.sh`` does
not set (bottleneck 256, ``--trade-off 1``, the linear-time estimate,
momentum 0.9, weight decay 5e-4, ``--lr-gamma 0.0003``, ``--lr-decay
0.75``): seeds, the two shuffled ``drop_last`` loaders and their
``ForeverDataIterator``s, then ``dan.py``'s ``ImageClassifier`` (whose
bottleneck is Linear + ReLU + Dropout, no BatchNorm) over tllib's digits
LeNet, SGD with nesterov, the ``LambdaLR`` and
``MultipleKernelMaximumMeanDiscrepancy`` over ``GaussianKernel(alpha=2^k),
k = -3..1``, in that order; then it calls ``dan.py``'s own ``train`` (two
forward passes, source then target) for the iterations. Runtime shims:
those of :mod:`benchmarks.peers.tllib_dann_digits`, and, unless
``--exact-kernel``, :func:`gram_form_gaussian_kernel`.

Data, transforms, budget and test: as the DANN runner (2,000 x 128 + 128
iterations in one ``train`` call, the LAST model on the target test split,
where ``dan.py`` keeps the epoch best on the target test set).

Example::

    python benchmarks/peers/tllib_dan_digits.py \\
        /work/scratch/peers/tllib --task uci2mnist5k --seed 0
"""
import os.path as osp
import sys
from types import SimpleNamespace
from typing import Callable

import torch

if __package__ in (None, ''):
    sys.path.insert(
        0, osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
from benchmarks.peers.tllib_dann_digits import EXAMPLE  # noqa: E402
from benchmarks.peers.tllib_dann_digits import (build_one_loss, build_parser,
                                                import_example, run_peer)

REQUIRED = (f'{EXAMPLE}/dan.py', 'tllib/alignment/dan.py',
            'tllib/modules/kernels.py', 'tllib/vision/models/digits.py')
# dan.py's / jan.py's defaults, which the "Digits" lines leave unset
TRADE_OFF = 1.0
WEIGHT_DECAY = 5e-4
LR_GAMMA = 3e-4
ALPHAS = [2.**k for k in range(-3, 2)]


def gram_form_gaussian_kernel() -> None:
    """Make tllib's ``GaussianKernel`` compute its squared distances as
    ``||x_i||^2 + ||x_j||^2 - 2 x_i.x_j`` (clamped at 0) instead of
    broadcasting an ``(m, m, d)`` difference tensor.

    The values are the same up to float rounding (``test_mmd_losses.py``
    compares both forms), the bandwidth rule and the rest of ``forward``
    are tllib's; on one CPU thread it makes a 256-row batch over 15 times
    faster, without which a 2,000-iteration run does not fit the
    measurement budget. ``--exact-kernel`` leaves tllib's own ``forward``.
    """
    from tllib.modules import kernels

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        sq_norm = (x * x).sum(dim=1)
        l2_distance_square = (sq_norm[:, None] + sq_norm[None] -
                              2 * x @ x.t()).clamp_min(0)
        if self.track_running_stats:
            self.sigma_square = self.alpha * torch.mean(
                l2_distance_square.detach())
        return torch.exp(-l2_distance_square / (2 * self.sigma_square))

    kernels.GaussianKernel.forward = forward


def build_mmd_peer(root: str, script: str,
                   make_loss: Callable[[object], torch.nn.Module], source: str,
                   target: str, lr: float, seed: int, batch_size: int,
                   exact_kernel: bool) -> SimpleNamespace:
    """Build what ``dan.py``'s or ``jan.py``'s ``main`` builds before its
    epoch loop (:func:`build_one_loss` with their shared defaults), with
    :func:`gram_form_gaussian_kernel` unless ``exact_kernel``."""
    if not exact_kernel:
        import_example(root, script)
        gram_form_gaussian_kernel()
    return build_one_loss(
        root,
        script,
        make_loss,
        source,
        target,
        lr,
        seed,
        batch_size,
        weight_decay=WEIGHT_DECAY,
        lr_gamma=LR_GAMMA,
        trade_off=TRADE_OFF)


def mkmmd(dan) -> torch.nn.Module:
    """``dan.py``'s loss: five kernels, ``linear=not --non-linear``."""
    return dan.MultipleKernelMaximumMeanDiscrepancy(
        kernels=[dan.GaussianKernel(alpha=a) for a in ALPHAS], linear=True)


def mmd_parser(doc: str, work_dir: str, script: str):
    parser = build_parser(
        doc.split('\n')[0], work_dir,
        f"default: {script}.sh's lr of the mirrored task")
    parser.add_argument(
        '--exact-kernel',
        action='store_true',
        help="keep tllib's GaussianKernel.forward (over 15x slower)")
    return parser


def main(argv=None) -> dict:
    opts = mmd_parser(__doc__, 'work_dirs/peers/tllib_dan',
                      'dan').parse_args(argv)
    return run_peer(
        opts, REQUIRED, lambda root, source, target, lr: build_mmd_peer(
            root, 'dan', mkmmd, source, target, lr, opts.seed, opts.batch_size,
            opts.exact_kernel), 'dan')


if __name__ == '__main__':
    main()
