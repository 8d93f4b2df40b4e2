# Copyright (c) mmda contributors. All rights reserved.
"""Run tllib's MCC digits recipe (thuml/Transfer-Learning-Library,
``examples/domain_adaptation/image_classification/mcc.py`` with the
arguments of ``mcc.sh``'s "Digits" lines) on mmda's embedded digits.

The runner builds what ``mcc.py``'s ``main`` builds for ``-a lenet
--no-pool --scratch`` and ``mcc.py``'s defaults for what ``mcc.sh`` does
not set (bottleneck 256, ``--temperature 2.5``, ``--trade-off 1.0``,
momentum 0.9, weight decay 1e-3, ``--lr-gamma 0.001``, ``--lr-decay
0.75``): seeds, the two shuffled ``drop_last`` loaders and their
``ForeverDataIterator``s, then the script's ``ImageClassifier`` over
tllib's digits LeNet, SGD with nesterov, the ``LambdaLR`` and tllib's
``MinimumClassConfusionLoss``, in that order; then it calls ``mcc.py``'s
own ``train`` for the iterations. Runtime shims only: those of
:mod:`benchmarks.peers.tllib_dann_digits` (a stand-in for the example's
``utils``, which ``train`` never uses; ``prettytable`` and ``tqdm`` where
missing; ``np.float``; ``torchvision``'s ``model_urls``).

Data, transforms, budget and test: as the DANN runner (the embedded
domains through mmda's framing, ``ToTensor`` + ``Normalize(0.5, 0.5)``,
128 source + 128 target images per iteration, ``--iters`` (mmda's 2,000)
iterations in one ``train`` call, tllib's 20 x 2,500 not run; the LAST
model on the target test split, where ``mcc.py`` keeps the epoch best on
its validation set, the target test set for digits).

Example::

    python benchmarks/peers/tllib_mcc_digits.py \\
        /work/scratch/peers/tllib --task uci2mnist5k --seed 0
"""
import os.path as osp
import sys
from types import SimpleNamespace

if __package__ in (None, ''):
    sys.path.insert(
        0, osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
from benchmarks.peers.tllib_dann_digits import EXAMPLE  # noqa: E402
from benchmarks.peers.tllib_dann_digits import (build_parser, import_example,
                                                lenet_classifier, run_peer,
                                                seeded_iterators,
                                                sgd_inverse_decay)

REQUIRED = (f'{EXAMPLE}/mcc.py', 'tllib/self_training/mcc.py',
            'tllib/vision/models/digits.py')
# mcc.py's defaults, which mcc.sh's "Digits" lines leave unset
TEMPERATURE = 2.5
TRADE_OFF = 1.0


def build_mcc(root: str,
              source: str,
              target: str,
              lr: float,
              seed: int = 0,
              batch_size: int = 128) -> SimpleNamespace:
    """Build what ``mcc.py``'s ``main`` builds before its epoch loop.

    Args:
        root (str): A checked checkout of tllib (:func:`check_peer_checkout`).
        source (str): The source domain (see :data:`TASKS`).
        target (str): The target domain.
        lr (float): The initial learning rate.
        seed (int): Seeds ``random`` and torch as ``mcc.py``.
        batch_size (int): Images per domain and iteration.

    Returns:
        SimpleNamespace: ``train(iters)`` (runs ``mcc.train`` for ``iters``
        iterations of one epoch), ``classifier`` and ``transform``.
    """
    mcc = import_example(root, 'mcc')

    tf, iters = seeded_iterators(mcc, seed, source, target, batch_size)
    classifier = lenet_classifier(mcc.ImageClassifier)
    optimizer, lr_scheduler = sgd_inverse_decay(classifier.get_parameters(),
                                                lr)
    mcc_loss = mcc.MinimumClassConfusionLoss(temperature=TEMPERATURE)

    def train(n: int) -> None:
        args = SimpleNamespace(
            iters_per_epoch=n, trade_off=TRADE_OFF, print_freq=500)
        mcc.train(iters[0], iters[1], classifier, mcc_loss, optimizer,
                  lr_scheduler, 0, args)

    return SimpleNamespace(train=train, classifier=classifier, transform=tf)


def main(argv=None) -> dict:
    opts = build_parser(
        __doc__.split('\n')[0], 'work_dirs/peers/tllib_mcc',
        "default: mcc.sh's lr of the mirrored task").parse_args(argv)
    return run_peer(
        opts, REQUIRED, lambda root, source, target, lr: build_mcc(
            root, source, target, lr, opts.seed, opts.batch_size), 'mcc')


if __name__ == '__main__':
    main()
