# Copyright (c) mmda contributors. All rights reserved.
"""Run tllib's ERM (source-only) digits recipe
(thuml/Transfer-Learning-Library,
``examples/domain_adaptation/image_classification/erm.py`` with the
arguments of ``erm.sh``'s "Digits" lines) on mmda's embedded digits.

The runner builds what ``erm.py``'s ``main`` builds for ``-a lenet --no-pool
--scratch`` and ``erm.py``'s defaults for what ``erm.sh`` does not set: the
example's ``utils.get_model('lenet')``, tllib's ``Classifier`` with no
bottleneck (LeNet's 500-d features straight into a linear head), SGD with
nesterov, momentum 0.9 and weight decay 5e-4, and the ``LambdaLR`` lr0 (1 +
3e-4 i)^-0.75 (``--lr-gamma 0.0003``). It calls the example's own
``utils.empirical_risk_minimization`` (``erm.py``'s training step) for the
iterations. ``--recipe dann`` swaps in ``dann.py``'s bottleneck (256,
tllib's ``ImageClassifier``), lr gamma (1e-3) and weight decay (1e-3), the
recipe of mmda's ERM configs. Runtime shims only: those of
:mod:`benchmarks.peers.tllib_dann_digits` for tllib's packages;
``torch.utils.data.dataset.T_co`` (removed in torch; tllib's ``ImageList``
imports it for typing) is a covariant ``TypeVar``; and, where timm is
missing, a stand-in ``timm`` module for what the example's ``utils`` imports
but the lenet path never calls (timm's model list, model factory and
augmentations). The example's ``utils`` is loaded from its file under a name
of its own, so no other ``utils`` module is used or replaced.

Data, transforms, budget and test: as the DANN runner (the embedded
domains through mmda's framing, ``ToTensor`` + ``Normalize(0.5, 0.5)``,
128 source images per iteration with ``drop_last``, ``--iters`` (mmda's
2,000) iterations in one call, the LAST model on the target test split).
``erm.py`` also builds a target loader, which it never iterates.

Example::

    python benchmarks/peers/tllib_erm_digits.py PATH/TO/TLLIB \\
        --task mnist5k2uci --seed 1 --recipe dann
"""
import importlib.util
import os.path as osp
import random
import sys
import types
from types import SimpleNamespace
from typing import TypeVar

import torch

if __package__ in (None, ''):
    sys.path.insert(
        0, osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
from benchmarks.peers.peer_checkout import prepend_sys_path  # noqa: E402
from benchmarks.peers.tllib_dann_digits import EXAMPLE  # noqa: E402
from benchmarks.peers.tllib_dann_digits import (build_parser, digits_transform,
                                                importable,
                                                install_package_shims,
                                                run_peer, sgd_inverse_decay,
                                                train_loader)

REQUIRED = (f'{EXAMPLE}/erm.py', f'{EXAMPLE}/utils.py',
            'tllib/modules/classifier.py', 'tllib/vision/models/digits.py')
# recipe -> (bottleneck width or None, lr gamma, weight decay). 'erm':
# erm.py's defaults for what erm.sh's "Digits" lines leave unset. 'dann':
# dann.py's (tllib's ImageClassifier with its 256-d bottleneck, dann.py's
# defaults), which mmda's ERM configs share with its DANN, so that the
# framework is compared at one recipe.
RECIPES = {'erm': (None, 0.0003, 5e-4), 'dann': (256, 0.001, 1e-3)}


def install_utils_shims() -> None:
    """Make the example's ``utils`` (and the ``tllib.vision.datasets`` it
    imports) importable on the pinned stack, without edits."""
    import torch.utils.data.dataset as torch_dataset
    if not hasattr(torch_dataset, 'T_co'):
        # removed from torch; tllib's ImageList imports it for its typing
        torch_dataset.T_co = TypeVar('T_co', covariant=True)
    if 'timm' not in sys.modules and not importable('timm'):
        install_timm_stand_in()


def install_timm_stand_in() -> None:
    """Give the example's ``utils`` the timm names it imports; the lenet
    path never calls them."""

    def unavailable(*args, **kwargs):
        raise RuntimeError('timm is not installed (stand-in module)')

    timm = types.ModuleType('timm')
    timm.list_models = lambda *args, **kwargs: []
    timm.create_model = unavailable
    data = types.ModuleType('timm.data')
    auto_augment = types.ModuleType('timm.data.auto_augment')
    auto_augment.auto_augment_transform = unavailable
    auto_augment.rand_augment_transform = unavailable
    timm.data, data.auto_augment = data, auto_augment
    sys.modules.update({
        'timm': timm,
        'timm.data': data,
        'timm.data.auto_augment': auto_augment
    })


def load_example_utils(root: str) -> types.ModuleType:
    """Import the example's ``utils.py`` under the name
    ``tllib_example_utils``."""
    name = 'tllib_example_utils'
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, osp.join(root, EXAMPLE, 'utils.py'))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]


def build_erm(root: str,
              source: str,
              target: str,
              lr: float,
              seed: int = 0,
              batch_size: int = 128,
              recipe: str = 'erm') -> SimpleNamespace:
    """Build what ``erm.py``'s ``main`` builds before its epoch loop.

    Args:
        root (str): A checked checkout of tllib (:func:`check_peer_checkout`).
        source (str): The source domain (see :data:`TASKS`).
        target (str): The target domain.
        lr (float): The initial learning rate.
        seed (int): Seeds ``random`` and torch as ``erm.py``.
        batch_size (int): Source images per iteration.
        recipe (str): A key of :data:`RECIPES`.

    Returns:
        SimpleNamespace: ``train(iters)`` (runs the example's
        ``empirical_risk_minimization`` for ``iters`` iterations of one
        epoch), ``classifier`` and ``transform``.
    """
    prepend_sys_path(root)
    install_package_shims()
    install_utils_shims()
    utils = load_example_utils(root)
    from tllib.alignment.dann import ImageClassifier
    from tllib.modules.classifier import Classifier
    from tllib.utils.data import ForeverDataIterator

    # erm.py main: seeds, loaders (the target one is never iterated), the
    # source iterator, then the model, in this order.
    random.seed(seed)
    torch.manual_seed(seed)
    tf = digits_transform()
    source_loader = train_loader(source, tf, batch_size)
    train_loader(target, tf, batch_size)
    source_iter = ForeverDataIterator(source_loader)
    backbone = utils.get_model('lenet', pretrain=False)
    bottleneck_dim, lr_gamma, weight_decay = RECIPES[recipe]
    if bottleneck_dim is None:
        classifier = Classifier(
            backbone, 10, pool_layer=torch.nn.Identity(), finetune=False)
    else:
        classifier = ImageClassifier(
            backbone,
            10,
            bottleneck_dim=bottleneck_dim,
            pool_layer=torch.nn.Identity(),
            finetune=False)
    optimizer, lr_scheduler = sgd_inverse_decay(classifier.get_parameters(),
                                                lr, weight_decay, lr_gamma)

    def train(n: int) -> None:
        args = SimpleNamespace(iters_per_epoch=n, print_freq=500)
        utils.empirical_risk_minimization(source_iter, classifier, optimizer,
                                          lr_scheduler, 0, args,
                                          torch.device('cpu'))

    return SimpleNamespace(train=train, classifier=classifier, transform=tf)


def main(argv=None) -> dict:
    parser = build_parser(
        __doc__.split('\n')[0], 'work_dirs/peers/tllib_erm',
        "default: erm.sh's lr of the mirrored task")
    parser.add_argument(
        '--recipe',
        choices=sorted(RECIPES),
        default='erm',
        help="erm: erm.py's own; dann: dann.py's bottleneck, lr gamma and "
        'weight decay (those of mmda\'s ERM configs)')
    opts = parser.parse_args(argv)
    return run_peer(
        opts, REQUIRED, lambda root, source, target, lr: build_erm(
            root, source, target, lr, opts.seed, opts.batch_size, opts.recipe),
        'erm' if opts.recipe == 'erm' else f'erm ({opts.recipe} recipe)')


if __name__ == '__main__':
    main()
