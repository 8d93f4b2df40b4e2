# Copyright (c) mmda contributors. All rights reserved.
"""Run tllib's CDAN digits recipe (thuml/Transfer-Learning-Library,
``examples/domain_adaptation/image_classification/cdan.py`` with the
arguments of ``cdan.sh``'s "Digits" lines) on mmda's embedded digits.

The runner builds what ``cdan.py``'s ``main`` builds for ``-a lenet
--no-pool --scratch --bottleneck-dim 256`` (tllib's CDAN
``ImageClassifier``, ``DomainDiscriminator(256 * 10, hidden_size=1024)``,
``ConditionalDomainAdversarialLoss`` with the multilinear map, SGD with
nesterov and weight decay 1e-3, the ``LambdaLR`` of ``cdan.py``) and calls
``cdan.py``'s own ``train`` function for the iterations, with the default
``--trade-off 1``. ``cdan.sh``'s "Digits" lines set neither ``--entropy``
nor ``--randomized``; ``--entropy`` here runs CDAN+E. The shared builder,
shims, data, budget and test are those of
:mod:`benchmarks.peers.tllib_dann_digits` (the embedded domains through
mmda's framing, ``ToTensor`` + ``Normalize(0.5, 0.5)``, 128 images per
domain and iteration with ``drop_last``, ``--iters`` (mmda's 2,000)
iterations in one ``train`` call, the LAST model on the target test split).

Example::

    python benchmarks/peers/tllib_cdan_digits.py \\
        /work/scratch/peers/tllib --task uci2mnist5k --seed 0
"""
import os.path as osp
import sys
from types import SimpleNamespace

if __package__ in (None, ''):
    sys.path.insert(
        0, osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
from benchmarks.peers.tllib_dann_digits import EXAMPLE  # noqa: E402
from benchmarks.peers.tllib_dann_digits import (build_adversarial,
                                                build_parser, run_peer)

REQUIRED = (f'{EXAMPLE}/cdan.py', 'tllib/alignment/cdan.py',
            'tllib/modules/domain_discriminator.py',
            'tllib/vision/models/digits.py')
NUM_CLASSES = 10


def build_cdan(root: str,
               source: str,
               target: str,
               lr: float,
               seed: int = 0,
               batch_size: int = 128,
               entropy: bool = False) -> SimpleNamespace:
    """Build what ``cdan.py``'s ``main`` builds before its epoch loop
    (arguments as :func:`benchmarks.peers.tllib_dann_digits.build_dann`;
    ``entropy`` is ``cdan.py``'s ``--entropy``, CDAN+E)."""
    return build_adversarial(
        root, 'cdan', source, target, lr, seed, batch_size, None,
        lambda features_dim: features_dim * NUM_CLASSES,
        lambda alignment, discriminator, features_dim: alignment.
        ConditionalDomainAdversarialLoss(
            discriminator,
            entropy_conditioning=entropy,
            num_classes=NUM_CLASSES,
            features_dim=features_dim,
            randomized=False,
            randomized_dim=1024))


def main(argv=None) -> dict:
    parser = build_parser(
        __doc__.split('\n')[0], 'work_dirs/peers/tllib_cdan',
        "default: cdan.sh's lr of the mirrored task")
    parser.add_argument(
        '--entropy',
        action='store_true',
        help="cdan.py's --entropy (CDAN+E); cdan.sh's Digits lines omit it")
    opts = parser.parse_args(argv)
    return run_peer(
        opts, REQUIRED, lambda root, source, target, lr: build_cdan(
            root, source, target, lr, opts.seed, opts.batch_size, opts.entropy
        ), 'cdan_e' if opts.entropy else 'cdan')


if __name__ == '__main__':
    main()
