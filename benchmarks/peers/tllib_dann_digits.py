# Copyright (c) mmda contributors. All rights reserved.
"""Run tllib's DANN digits recipe (thuml/Transfer-Learning-Library,
``examples/domain_adaptation/image_classification/dann.py`` with the
arguments of ``dann.sh``'s "Digits" lines) on mmda's embedded digits.

The runner builds the model exactly as ``dann.py``'s ``main`` does for
``-a lenet --no-pool --scratch --bottleneck-dim 256`` (tllib's
``ImageClassifier``, ``DomainDiscriminator(hidden_size=1024)``,
``DomainAdversarialLoss``, SGD with nesterov and weight decay 1e-3, the
``LambdaLR`` of ``dann.py``) and calls ``dann.py``'s own ``train``
function for the iterations. Runtime shims only:

* stand-in modules for what ``dann.py`` imports but ``train`` never uses:
  the example's ``utils`` (which needs timm), ``prettytable`` and
  ``tqdm`` (imported by tllib's package ``__init__`` modules, used only
  by other methods' progress bars), the last two only where missing;
* ``np.float`` (removed in NumPy 2; tllib's GRL calls it) is ``float``;
  ``torchvision.models.resnet.model_urls`` (removed in torchvision) is an
  empty dict, needed only to import tllib's model package.

Data: the embedded domains through mmda's framing
(:mod:`benchmarks.peers.embedded_digits_arrays`), with the transforms of
``dann.sh`` (``--train-resizing 'res.' --resize-size 28 --no-hflip
--norm-mean 0.5 --norm-std 0.5``: the 28x28 images pass through
unchanged, then ``ToTensor`` and ``Normalize(0.5, 0.5)``), batches of 128
per domain with ``drop_last`` as ``dann.py``. Budget: ``--iters``
iterations (mmda's 2,000) in one ``train`` call; tllib's 20 x 2,500 is not
run. The LAST model is tested on the target test split (``dann.py`` keeps
the epoch that is best on its validation set, which for digits is the
target test set; that choice is not reproduced).

Example::

    python benchmarks/peers/tllib_dann_digits.py \\
        /work/scratch/peers/tllib --task uci2mnist5k --seed 0
"""
import argparse
import importlib
import json
import os
import os.path as osp
import random
import sys
import time
import types
from types import SimpleNamespace
from typing import Callable, Dict, Optional, Sequence

import numpy as np
import torch
from torch.utils.data import DataLoader

if __package__ in (None, ''):
    sys.path.insert(
        0, osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
from benchmarks.peers.embedded_digits_arrays import ArrayDigits  # noqa: E402
from benchmarks.peers.embedded_digits_arrays import embedded_digits_arrays
from benchmarks.peers.peer_checkout import check_peer_checkout  # noqa: E402
from benchmarks.peers.peer_checkout import prepend_sys_path

REPO = 'thuml/Transfer-Learning-Library'
EXAMPLE = 'examples/domain_adaptation/image_classification'
REQUIRED = (f'{EXAMPLE}/dann.py', 'tllib/alignment/dann.py',
            'tllib/modules/domain_discriminator.py',
            'tllib/vision/models/digits.py')
# embedded task -> (source, target, dann.sh lr of the task it mirrors)
TASKS = {
    'uci2mnist5k': ('uci', 'mnist5k', 0.1),  # as USPS -> MNIST
    'mnist5k2uci': ('mnist5k', 'uci', 0.01),  # as MNIST -> USPS
}


def install_shims() -> None:
    """Make ``dann.py`` importable on the pinned stack, without edits."""
    # A stand-in put there by an earlier call has no __spec__.
    sys.modules['utils'] = types.ModuleType('utils')
    install_package_shims()


def install_package_shims() -> None:
    """Make tllib's packages importable on the pinned stack."""
    import torchvision.models.resnet as tv_resnet
    for name in ('prettytable', 'tqdm'):
        if name not in sys.modules and not importable(name):
            sys.modules[name] = types.ModuleType(name)
    if not hasattr(np, 'float'):
        np.float = float
    if not hasattr(tv_resnet, 'model_urls'):
        tv_resnet.model_urls = {}


def importable(name: str) -> bool:
    import importlib.util
    return importlib.util.find_spec(name) is not None


def build_parser(description: str, work_dir: str,
                 lr_help: str) -> argparse.ArgumentParser:
    """The command line shared by the tllib digits runners."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        'peer_root', help='checkout of thuml/Transfer-Learning-Library')
    parser.add_argument('--task', choices=sorted(TASKS), required=True)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--iters', type=int, default=2000)
    parser.add_argument('--batch-size', type=int, default=128)
    parser.add_argument('--lr', type=float, default=None, help=lr_help)
    parser.add_argument('--work-dir', default=work_dir)
    return parser


def parse_args(argv=None):
    return build_parser(
        __doc__.split('\n')[0], 'work_dirs/peers/tllib_dann',
        "default: dann.sh's lr of the mirrored task").parse_args(argv)


def digits_transform():
    """``dann.sh``'s digits transform: ``ToTensor`` + ``Normalize(0.5,
    0.5)`` (the resize to 28 leaves the 28x28 images unchanged)."""
    from torchvision import transforms
    return transforms.Compose(
        [transforms.ToTensor(),
         transforms.Normalize((0.5, ), (0.5, ))])


def train_loader(domain: str,
                 transform,
                 batch_size: int,
                 arrays: Optional[Dict[str, tuple]] = None) -> DataLoader:
    """A shuffled ``drop_last`` training loader as tllib's scripts build."""
    images_labels = (arrays or {}).get(domain) or embedded_digits_arrays(
        domain, 'train')
    return DataLoader(
        ArrayDigits(*images_labels, transform),
        batch_size=batch_size,
        shuffle=True,
        num_workers=0,
        drop_last=True)


def last_model_result(opts: argparse.Namespace,
                      classifier,
                      transform,
                      lr: float,
                      start: float,
                      method: Optional[str] = None) -> dict:
    """Test the last ``classifier`` on the target test split, then write
    and print ``result.json`` under ``{work_dir}/{task}/seed{seed}``
    (with a ``method`` key when given, which names the row of
    :mod:`benchmarks.peers.side_by_side_table`)."""
    target = TASKS[opts.task][1]
    test_loader = DataLoader(
        ArrayDigits(*embedded_digits_arrays(target, 'test'), transform),
        batch_size=opts.batch_size,
        shuffle=False,
        num_workers=0)
    classifier.eval()
    correct = total = 0
    with torch.no_grad():
        for x, y in test_loader:
            correct += (classifier(x).argmax(1) == y).sum().item()
            total += len(y)
    result = dict(
        peer=REPO,
        task=opts.task,
        seed=opts.seed,
        lr=lr,
        iters=opts.iters,
        batch_size=opts.batch_size,
        target_test_acc=round(100.0 * correct / total, 2),
        wall_s=round(time.time() - start, 1))
    if method is not None:
        result['method'] = method
    out_dir = osp.join(opts.work_dir, opts.task, f'seed{opts.seed}')
    os.makedirs(out_dir, exist_ok=True)
    with open(osp.join(out_dir, 'result.json'), 'w') as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result))
    return result


def import_example(root: str, script: str) -> types.ModuleType:
    """Import the example ``script`` (``dann``, ``mcc``) of a checked
    checkout, with the shims of :func:`install_shims`."""
    prepend_sys_path(osp.join(root, EXAMPLE))
    prepend_sys_path(root)
    install_shims()
    return importlib.import_module(script)


def lenet_classifier(image_classifier: type, bottleneck_dim: int = 256):
    """The classifier that tllib's DANN-family scripts build for ``-a lenet
    --no-pool --scratch --bottleneck-dim 256``: ``image_classifier`` (the
    script's own ``ImageClassifier``) over tllib's digits LeNet."""
    from tllib.vision.models.digits import lenet
    return image_classifier(
        lenet(pretrained=False),
        10,
        bottleneck_dim=bottleneck_dim,
        pool_layer=torch.nn.Identity(),
        finetune=False)


def seeded_iterators(script: types.ModuleType, seed: int, source: str,
                     target: str, batch_size: int) -> tuple:
    """Seed ``random`` and torch as tllib's digits scripts do, then make
    the source and target ``ForeverDataIterator``s of ``script`` (an
    imported example) before the model is built, as ``mcc.py`` and
    ``mdd.py`` do: making one draws a seed from torch's generator, so the
    order decides the initial weights.

    Returns:
        tuple: The transform and ``[source_iter, target_iter]``.
    """
    random.seed(seed)
    torch.manual_seed(seed)
    tf = digits_transform()
    return tf, [
        script.ForeverDataIterator(train_loader(d, tf, batch_size))
        for d in (source, target)
    ]


def sgd_inverse_decay(params,
                      lr: float,
                      weight_decay: float = 1e-3,
                      lr_gamma: float = 1e-3) -> tuple:
    """The optimiser and scheduler of tllib's digits scripts: SGD with
    nesterov and momentum 0.9, and the ``LambdaLR`` ``lr (1 + lr_gamma
    i)^-0.75`` (``--lr-gamma``, ``--wd``: 1e-3 both in ``dann.py`` and
    ``mcc.py``)."""
    from torch.optim import SGD
    from torch.optim.lr_scheduler import LambdaLR
    optimizer = SGD(
        params, lr, momentum=0.9, weight_decay=weight_decay, nesterov=True)
    lr_scheduler = LambdaLR(optimizer, lambda x: lr *
                            (1. + lr_gamma * float(x))**(-0.75))
    return optimizer, lr_scheduler


def build_dann(root: str,
               source: str,
               target: str,
               lr: float,
               seed: int = 0,
               batch_size: int = 128,
               arrays: Optional[Dict[str, tuple]] = None) -> SimpleNamespace:
    """Build what ``dann.py``'s ``main`` builds before its epoch loop.

    Args:
        root (str): A checked checkout of tllib (:func:`check_peer_checkout`).
        source (str): The source domain (see :data:`TASKS`).
        target (str): The target domain.
        lr (float): The initial learning rate.
        seed (int): Seeds ``random`` and torch as ``dann.py``.
        batch_size (int): Images per domain and iteration.
        arrays (dict, optional): ``{domain: (images, labels)}`` training
            arrays already framed (:func:`embedded_digits_arrays`), so a
            caller that builds several times frames them once.

    Returns:
        SimpleNamespace: see :func:`build_adversarial`.
    """
    return build_adversarial(
        root, 'dann', source, target, lr, seed, batch_size, arrays,
        lambda features_dim: features_dim, lambda alignment, discriminator,
        features_dim: alignment.DomainAdversarialLoss(discriminator))


def build_adversarial(
        root: str, example: str, source: str, target: str, lr: float,
        seed: int, batch_size: int, arrays: Optional[Dict[str, tuple]],
        discriminator_in: Callable[[int], int],
        make_loss: Callable[..., torch.nn.Module]) -> SimpleNamespace:
    """Build what the ``main`` of a tllib domain-adversarial digits example
    (``dann.py``, ``cdan.py``) builds before its epoch loop, in its order:
    seeds, loaders, ``tllib.alignment.<example>.ImageClassifier`` for ``-a
    lenet --no-pool --scratch`` (bottleneck 256), ``DomainDiscriminator(
    discriminator_in(features_dim), hidden_size=1024)``, SGD, ``LambdaLR``,
    then the loss ``make_loss(alignment_module, discriminator,
    features_dim)``.

    Args:
        root (str): A checked checkout of tllib (:func:`check_peer_checkout`).
        example (str): The example script's module name, ``'dann'`` or
            ``'cdan'`` (also its ``tllib.alignment`` module's name).
        source, target, lr, seed, batch_size, arrays: as :func:`build_dann`.
        discriminator_in (callable): The discriminator's input width from
            the classifier's feature width.
        make_loss (callable): Builds the example's adversarial loss.

    Returns:
        SimpleNamespace: ``example`` (the imported example module),
        ``train(iters, args=None)`` (runs the example's ``train`` for
        ``iters`` iterations of one epoch; ``args`` may replace its
        namespace), ``classifier``, ``optimizer``, ``lr_scheduler`` and
        ``transform``.
    """
    script = import_example(root, example)
    alignment = importlib.import_module(f'tllib.alignment.{example}')
    from tllib.modules.domain_discriminator import DomainDiscriminator
    from tllib.utils.data import ForeverDataIterator

    # main: seeds
    random.seed(seed)
    torch.manual_seed(seed)

    tf = digits_transform()
    loaders = [
        train_loader(d, tf, batch_size, arrays) for d in (source, target)
    ]

    # main, for -a lenet --no-pool --scratch (bottleneck 256)
    classifier = lenet_classifier(alignment.ImageClassifier)
    domain_discri = DomainDiscriminator(
        in_feature=discriminator_in(classifier.features_dim), hidden_size=1024)
    optimizer, lr_scheduler = sgd_inverse_decay(
        classifier.get_parameters() + domain_discri.get_parameters(), lr)
    domain_adv = make_loss(alignment, domain_discri, classifier.features_dim)
    iters = [ForeverDataIterator(loader) for loader in loaders]

    def train(n: int, args: Optional[SimpleNamespace] = None) -> None:
        args = args or SimpleNamespace(
            iters_per_epoch=n, trade_off=1.0, print_freq=500)
        script.train(iters[0], iters[1], classifier, domain_adv, optimizer,
                     lr_scheduler, 0, args)

    return SimpleNamespace(
        example=script,
        train=train,
        classifier=classifier,
        optimizer=optimizer,
        lr_scheduler=lr_scheduler,
        transform=tf)


def build_one_loss(root: str,
                   script: str,
                   make_loss: Callable[[types.ModuleType], torch.nn.Module],
                   source: str,
                   target: str,
                   lr: float,
                   seed: int,
                   batch_size: int,
                   weight_decay: float = 1e-3,
                   lr_gamma: float = 1e-3,
                   trade_off: float = 1.0) -> SimpleNamespace:
    """Build what the ``main`` of a tllib digits example with one loss and
    no discriminator (``mcc.py``, ``dan.py``, ``jan.py``) builds before its
    epoch loop, in its order: seeds, the two shuffled ``drop_last`` loaders
    and their ``ForeverDataIterator``s, the script's ``ImageClassifier``
    for ``-a lenet --no-pool --scratch`` (bottleneck 256), SGD with
    nesterov, the ``LambdaLR``, then ``make_loss(script_module)``.

    Args:
        root (str): A checked checkout of tllib (:func:`check_peer_checkout`).
        script (str): The example's module name (``'mcc'``, ``'dan'``...).
        make_loss (callable): The script module -> its loss, as its
            ``main`` builds it.
        source, target, lr, seed, batch_size: as :func:`build_dann`.
        weight_decay (float): The script's ``--wd``.
        lr_gamma (float): The script's ``--lr-gamma``.
        trade_off (float): The script's ``--trade-off``.

    Returns:
        SimpleNamespace: ``train(iters)`` (runs the script's ``train`` for
        ``iters`` iterations of one epoch), ``classifier`` and
        ``transform``.
    """
    module = import_example(root, script)
    tf, iters = seeded_iterators(module, seed, source, target, batch_size)
    classifier = lenet_classifier(module.ImageClassifier)
    optimizer, lr_scheduler = sgd_inverse_decay(classifier.get_parameters(),
                                                lr, weight_decay, lr_gamma)
    loss = make_loss(module)

    def train(n: int) -> None:
        args = SimpleNamespace(
            iters_per_epoch=n, trade_off=trade_off, print_freq=500)
        module.train(iters[0], iters[1], classifier, loss, optimizer,
                     lr_scheduler, 0, args)

    return SimpleNamespace(train=train, classifier=classifier, transform=tf)


def run_peer(opts: argparse.Namespace,
             required: Sequence[str],
             build: Callable[..., SimpleNamespace],
             method: Optional[str] = None) -> dict:
    """Check the checkout, build with ``build(root, source, target, lr)``,
    train ``opts.iters`` iterations on one thread and test the last model
    (:func:`last_model_result`)."""
    root = check_peer_checkout(opts.peer_root, REPO, required)
    torch.set_num_threads(1)
    source, target, task_lr = TASKS[opts.task]
    lr = task_lr if opts.lr is None else opts.lr
    peer = build(root, source, target, lr)
    start = time.time()
    peer.train(opts.iters)
    return last_model_result(opts, peer.classifier, peer.transform, lr, start,
                             method)


def main(argv=None) -> dict:
    opts = parse_args(argv)
    return run_peer(
        opts, REQUIRED, lambda root, source, target, lr: build_dann(
            root, source, target, lr, opts.seed, opts.batch_size))


if __name__ == '__main__':
    main()
