# Copyright (c) mmda contributors. All rights reserved.
"""Run tllib's MDD digits recipe (thuml/Transfer-Learning-Library,
``examples/domain_adaptation/image_classification/mdd.py`` with the
arguments of ``mdd.sh``'s "Digits" lines) on mmda's embedded digits.

The runner builds what ``mdd.py``'s ``main`` builds for ``-a lenet
--no-pool --scratch --lr 0.01 -b 128`` and ``mdd.py``'s defaults for what
``mdd.sh`` does not set (``--bottleneck-dim 1024``, which is also the
heads' width, ``--margin 4``, ``--trade-off 1``, momentum 0.9, weight decay
5e-4, ``--lr-gamma 0.0002``, ``--lr-decay 0.75``): seeds, the two shuffled
``drop_last`` loaders and their ``ForeverDataIterator``s, then
``tllib.alignment.mdd.ImageClassifier`` over tllib's digits LeNet (built,
as ``mdd.py`` does, without ``finetune``, so the backbone keeps 0.1 x lr),
``ClassificationMarginDisparityDiscrepancy``, SGD with nesterov and the
``LambdaLR``, in that order; then it calls ``mdd.py``'s own ``train`` for
the iterations. Runtime shims only: those of
:mod:`benchmarks.peers.tllib_dann_digits`.

Data, transforms, budget and test: as the DANN runner (the embedded
domains through mmda's framing, ``ToTensor`` + ``Normalize(0.5, 0.5)``,
128 source + 128 target images per iteration, ``--iters`` (mmda's 2,000)
iterations in one ``train`` call, tllib's 20 x 2,500 not run; the LAST
model on the target test split, where ``mdd.py`` keeps the epoch best on
its validation set, the target test set for digits). lr 0.01 in both
directions, as ``mdd.sh``.

Example::

    python benchmarks/peers/tllib_mdd_digits.py \\
        /work/scratch/peers/tllib --task uci2mnist5k --seed 0
"""
import os.path as osp
import sys
from types import SimpleNamespace

import torch

if __package__ in (None, ''):
    sys.path.insert(
        0, osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
from benchmarks.peers.tllib_dann_digits import EXAMPLE  # noqa: E402
from benchmarks.peers.tllib_dann_digits import (build_parser, import_example,
                                                run_peer, seeded_iterators,
                                                sgd_inverse_decay)

REQUIRED = (f'{EXAMPLE}/mdd.py', 'tllib/alignment/mdd.py',
            'tllib/vision/models/digits.py')
# mdd.sh's "Digits" lr (both directions) and mdd.py's defaults
LR = 0.01
BOTTLENECK = 1024
MARGIN = 4.0
TRADE_OFF = 1.0
WEIGHT_DECAY = 5e-4
LR_GAMMA = 2e-4


def build_mdd(root: str,
              source: str,
              target: str,
              lr: float,
              seed: int = 0,
              batch_size: int = 128) -> SimpleNamespace:
    """Build what ``mdd.py``'s ``main`` builds before its epoch loop.

    Args:
        root (str): A checked checkout of tllib (:func:`check_peer_checkout`).
        source (str): The source domain (see :data:`TASKS`).
        target (str): The target domain.
        lr (float): The initial learning rate.
        seed (int): Seeds ``random`` and torch as ``mdd.py``.
        batch_size (int): Images per domain and iteration.

    Returns:
        SimpleNamespace: ``train(iters)`` (runs ``mdd.train`` for ``iters``
        iterations of one epoch), ``classifier`` and ``transform``.
    """
    mdd = import_example(root, 'mdd')
    from tllib.vision.models.digits import lenet

    tf, iters = seeded_iterators(mdd, seed, source, target, batch_size)
    # as mdd.py: no finetune argument (its default True), width = bottleneck
    classifier = mdd.ImageClassifier(
        lenet(pretrained=False),
        10,
        bottleneck_dim=BOTTLENECK,
        width=BOTTLENECK,
        pool_layer=torch.nn.Identity())
    discrepancy = mdd.MarginDisparityDiscrepancy(MARGIN)
    optimizer, lr_scheduler = sgd_inverse_decay(
        classifier.get_parameters(),
        lr,
        weight_decay=WEIGHT_DECAY,
        lr_gamma=LR_GAMMA)

    def train(n: int) -> None:
        args = SimpleNamespace(
            iters_per_epoch=n, trade_off=TRADE_OFF, print_freq=500)
        mdd.train(iters[0], iters[1], classifier, discrepancy, optimizer,
                  lr_scheduler, 0, args)

    return SimpleNamespace(train=train, classifier=classifier, transform=tf)


def main(argv=None) -> dict:
    opts = build_parser(
        __doc__.split('\n')[0], 'work_dirs/peers/tllib_mdd',
        f"default: mdd.sh's {LR}").parse_args(argv)
    if opts.lr is None:
        opts.lr = LR
    return run_peer(
        opts, REQUIRED, lambda root, source, target, lr: build_mdd(
            root, source, target, lr, opts.seed, opts.batch_size), 'mdd')


if __name__ == '__main__':
    main()
