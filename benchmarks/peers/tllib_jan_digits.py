# Copyright (c) mmda contributors. All rights reserved.
"""Run tllib's JAN digits recipe (thuml/Transfer-Learning-Library,
``examples/domain_adaptation/image_classification/jan.py`` with the
arguments of ``jan.sh``'s "Digits" lines) on mmda's embedded digits.

The runner builds what ``jan.py``'s ``main`` builds for ``-a lenet
--no-pool --scratch`` and ``jan.py``'s defaults for what ``jan.sh`` does
not set (bottleneck 256, ``--trade-off 1``, no ``--linear``, no
``--adversarial``, momentum 0.9, weight decay 5e-4, ``--lr-gamma 0.0003``,
``--lr-decay 0.75``), in ``main``'s order, through the builder it shares
with the DAN runner (:func:`benchmarks.peers.tllib_dan_digits.
build_mmd_peer`): ``jan.py``'s ``ImageClassifier`` (bottleneck Linear +
BN + ReLU + Dropout) and ``JointMultipleKernelMaximumMeanDiscrepancy``
over the features (``GaussianKernel(alpha=2^k), k = -3..1``) and the
softmax outputs (``GaussianKernel(sigma=0.92, track_running_stats=
False)``); then ``jan.py``'s own ``train`` (one pass over ``cat(x_s,
x_t)``). Runtime shims, data, budget and test as the DAN runner.

Example::

    python benchmarks/peers/tllib_jan_digits.py \\
        /work/scratch/peers/tllib --task uci2mnist5k --seed 0
"""
import os.path as osp
import sys

import torch

if __package__ in (None, ''):
    sys.path.insert(
        0, osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
from benchmarks.peers.tllib_dan_digits import ALPHAS  # noqa: E402
from benchmarks.peers.tllib_dan_digits import build_mmd_peer, mmd_parser
from benchmarks.peers.tllib_dann_digits import EXAMPLE, run_peer

REQUIRED = (f'{EXAMPLE}/jan.py', 'tllib/alignment/jan.py',
            'tllib/modules/kernels.py', 'tllib/vision/models/digits.py')


def jmmd(jan) -> torch.nn.Module:
    """``jan.py``'s loss without ``--linear`` and ``--adversarial``."""
    return jan.JointMultipleKernelMaximumMeanDiscrepancy(
        kernels=([jan.GaussianKernel(alpha=a) for a in ALPHAS],
                 (jan.GaussianKernel(sigma=0.92,
                                     track_running_stats=False), )),
        linear=False,
        thetas=None)


def main(argv=None) -> dict:
    opts = mmd_parser(__doc__, 'work_dirs/peers/tllib_jan',
                      'jan').parse_args(argv)
    return run_peer(
        opts, REQUIRED, lambda root, source, target, lr: build_mmd_peer(
            root, 'jan', jmmd, source, target, lr, opts.seed, opts.batch_size,
            opts.exact_kernel), 'jan')


if __name__ == '__main__':
    main()
