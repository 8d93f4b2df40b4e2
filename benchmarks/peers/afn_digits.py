# Copyright (c) mmda contributors. All rights reserved.
"""Run the official SAFN training script (jihanyang/AFN,
``vanilla/Office31/SAFN/code/train.py``) on mmda's embedded digits.

AFN's release has no digits recipe and its ``train.py`` is a flat script
(argument parsing, data, model, optimisers and the training loop at module
level). The runner executes that file unchanged with :func:`runpy.run_path`
after installing runtime shims for what it imports, so the loss
(``get_L2norm_loss_self_driven``, train.py l. 66-71: ``radius = ||x||.detach()
+ 1.0``, ``weight_L2norm * mean((||x|| - radius)^2)``) and the training step
(l. 96-112: source and target forwarded separately through ``netG`` and
``netF``, ``s_cls_loss + s_fc2_L2norm_loss + t_fc2_L2norm_loss``, one
backward, ``opt_g.step(); opt_f.step()``) are the official code. The
trained ``netG``/``netF`` are read from the script's globals and the LAST
model is tested on the target test split (the official ``eval.py`` does
``netF(netG(x)).argmax``, l. 64-67, on saved snapshots; here it is done in
memory).

Protocol, and what comes from where:

* Network (same shape as mmda's ``safn_lenet_2k_digits_*`` configs,
  ``_base_/models/lenet_digits.py`` + ``lenet_afn_digits.py``):

  - ``netG`` (train.py l. 57, ``model.ResBase50``): stood in by plain
    torch of mmda's LeNet shape (AFN has no LeNet): Conv(1, 20, 5) -
    MaxPool2 - ReLU - Conv(20, 50, 5) - Dropout2d(0.5) - MaxPool2 - ReLU,
    flattened to 800-d as ``ResBase50.forward`` flattens (net.py l. 35).
    PyTorch's default initialisation, as mmda's LeNet (no init_cfg);
    AFN's ``netG`` is ImageNet-pretrained, which has no digits analogue.
  - ``netF``: AFN's own ``model.ResClassifier`` (net.py l. 40-61, with its
    forward and the "L2-preserved" dropout rescaling ``mul_(sqrt(1 - p))``
    in training) with ``class_num=10``, ``dropout_p=0.5``; its layers are
    resized from 2048 -> 1000 -> 31 to mmda's 800 -> 500 -> 10:
    ``fc1 = Linear(800, 500) + BatchNorm1d(500) + ReLU + Dropout(0.5)``,
    ``fc2 = Linear(500, 10)``. Then the script's own
    ``netF.apply(weights_init)`` (train.py l. 59, utils/__init__.py l. 3-13)
    initialises it: Linear weight and bias N(0, 0.01), BN weight
    N(1, 0.01), bias 0. (mmda: ``AFNBottleneck`` Linear N(0, 0.005), bias
    0; head N(0, 0.01), bias 0; BN weight 1.)
  - BatchNorm: separate source / target forwards in training (train.py
    l. 99-102), as mmda's ``domain_forward='separate'``; eval-mode running
    statistics at test time, as mmda.

* Loss: official code, unchanged. Its settings equal mmda's: dr = 1.0
  (hard-coded, l. 69), ``weight_L2norm`` 0.05 (argparse default, l. 28),
  source mean plus target mean (l. 108; mmda ``reduction='domain_sum'``),
  classification ``nll_loss(log_softmax)`` = cross-entropy, weight 1.

* Optimiser (``--optim mmda``, the default): AFN has no digits recipe, so
  mmda's ``_base_/schedules/digits_sgd_2k.py`` values are used: lr 0.01,
  momentum 0.9 (no nesterov) and weight decay 5e-4 on every parameter
  (biases and BN included, as both the script and mmda do), lr annealed
  per iteration as ``lr0 * (1 + 10 t / iters) ** -0.75`` (mmda's
  ``InverseDecayLR``, t = 0, 1, ...). The script builds its two SGDs
  itself (l. 74-75); a shim ``SGD`` class gives ``opt_g`` the momentum 0.9
  that the script leaves out (l. 74) and applies the schedule before each
  ``step``. ``--optim official`` keeps the script's optimisers exactly
  (lr 0.001 constant, ``opt_g`` without momentum, ``opt_f`` momentum 0.9,
  weight decay 5e-4 on both), for reference only: that is its
  ImageNet-fine-tuning setting, not a from-scratch one.

* Data: the embedded domains through mmda's framing
  (:mod:`benchmarks.peers.embedded_digits_arrays`), ``ToTensor`` +
  ``Normalize(0.5, 0.5)`` (= mmda's ``mean=std=127.5``), no augmentation;
  the script's Office transforms (Scale 256, RandomCrop 224, horizontal
  flip, ImageNet normalisation, l. 41-47) are built but not applied.
  Batches of 64 source + 64 target (mmda's ``batch_size=64``; the script's
  default is 32, l. 20); shuffled, ``num_workers=0`` (script: 4). As in the
  script (l. 82-90) the loop walks the target loader, cycles the source
  loader and skips a step where either batch is short (mmda's
  ``InfiniteSampler`` has no short batches).

* Budget: ``--iters`` optimiser steps (mmda's 2,000); the script counts
  epochs of the target loader, so ``--epoch`` is set high enough and the
  loop is cut after ``--iters`` steps (shim ``tqdm.tqdm``).

Runtime shims only (the peer's files are not edited):

* ``utils``: the real package, with ``OfficeImage`` replaced by the
  embedded digits (the domain is read from the path the script builds) and
  ``print_args`` wrapped to give the untyped arguments (l. 20-29, strings
  when passed on the command line) the runner's typed values;
* ``model``: ``ResBase50`` and ``ResClassifier`` as above;
* ``tqdm.tqdm``: no progress bar, stops at the step budget;
* ``torch.optim.SGD``: as above (counts steps);
* ``.cuda()`` of modules and tensors is the identity (CPU run);
  ``transforms.Scale`` (removed from torchvision) is ``Resize``; the data
  loader iterator gets back its Python 2 style ``.next()`` (l. 84, 87);
  ``torch.save`` of the per-epoch snapshots (l. 114-115) is skipped.

Example::

    python benchmarks/peers/afn_digits.py \\
        /work/scratch/peers/afn --task uci2mnist5k --seed 0
"""
import argparse
import json
import math
import os
import os.path as osp
import random
import runpy
import sys
import time
import types
import warnings
from contextlib import contextmanager

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import transforms

if __package__ in (None, ''):
    sys.path.insert(
        0, osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
from benchmarks.peers.embedded_digits_arrays import ArrayDigits  # noqa: E402
from benchmarks.peers.embedded_digits_arrays import embedded_digits_arrays
from benchmarks.peers.peer_checkout import check_peer_checkout  # noqa: E402
from benchmarks.peers.peer_checkout import prepend_sys_path

REPO = 'jihanyang/AFN'
CODE = 'vanilla/Office31/SAFN/code'
REQUIRED = (f'{CODE}/train.py', f'{CODE}/model/net.py',
            f'{CODE}/model/__init__.py', f'{CODE}/utils/__init__.py',
            f'{CODE}/utils/data_load.py')
TASKS = {
    'uci2mnist5k': ('uci', 'mnist5k'),
    'mnist5k2uci': ('mnist5k', 'uci'),
}
# the script's own optimiser settings (train.py l. 25, 74-75)
OFFICIAL_LR = 0.001

# ToTensor + Normalize(0.5, 0.5): mmda's mean = std = 127.5 on the pixels.
TO_TENSOR = transforms.Compose(
    [transforms.ToTensor(),
     transforms.Normalize((0.5, ), (0.5, ))])


class LeNetBase(nn.Module):
    """mmda's digits LeNet (``mmda.models.LeNet``, channels (20, 50),
    dropout 0.5) in plain torch, flattened as AFN's ``ResBase50``."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 20, kernel_size=5), nn.MaxPool2d(2),
            nn.ReLU(inplace=True), nn.Conv2d(20, 50, kernel_size=5),
            nn.Dropout2d(0.5), nn.MaxPool2d(2), nn.ReLU(inplace=True))

    def forward(self, x):
        return self.features(x).flatten(1)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('peer_root', help='checkout of jihanyang/AFN')
    parser.add_argument('--task', choices=sorted(TASKS), required=True)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--iters', type=int, default=2000)
    parser.add_argument('--batch-size', type=int, default=64)
    parser.add_argument(
        '--optim',
        choices=('mmda', 'official'),
        default='mmda',
        help="mmda: mmda's digits SGD (default); official: train.py's own")
    parser.add_argument('--work-dir', default='work_dirs/peers/afn')
    return parser.parse_args(argv)


class _Steps:
    """Optimiser steps taken so far (the budget the loop is cut at)."""
    count = 0


def make_sgd(base_sgd, opts):
    """The ``SGD`` the script builds its optimisers with."""
    lr0 = 0.01 if opts.optim == 'mmda' else OFFICIAL_LR

    class SGD(base_sgd):

        def __init__(self, params, lr, momentum=0, **kwargs):
            if opts.optim == 'mmda':
                momentum = 0.9  # mmda: on every parameter (l. 74 has none)
            super().__init__(params, lr=lr, momentum=momentum, **kwargs)
            self.t = 0

        def step(self, closure=None):
            if opts.optim == 'mmda':
                factor = (1.0 + 10.0 * self.t / opts.iters)**(-0.75)
                for group in self.param_groups:
                    group['lr'] = lr0 * factor
            out = super().step(closure)
            self.t += 1
            _Steps.count = max(_Steps.count, self.t)
            return out

    return SGD, lr0


@contextmanager
def patched(obj, name, value):
    missing = object()
    old = getattr(obj, name, missing)
    setattr(obj, name, value)
    try:
        yield
    finally:
        if old is missing:
            delattr(obj, name)
        else:
            setattr(obj, name, old)


@contextmanager
def shimmed_modules(modules):
    old = {name: sys.modules.get(name) for name in modules}
    sys.modules.update(modules)
    try:
        yield
    finally:
        for name, mod in old.items():
            if mod is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = mod


def build_shims(code_dir, opts, lr):
    """``utils``, ``model`` and ``tqdm`` modules for the script."""
    for name in ('utils', 'model'):
        sys.modules.pop(name, None)
    prepend_sys_path(code_dir)
    import model as afn_model
    import utils as afn_utils
    sys.modules.pop('utils', None)
    sys.modules.pop('model', None)

    def office_image(root, label, transform):
        # root = osp.join(data_root, domain, 'images') (train.py l. 36, 38)
        domain = osp.basename(osp.dirname(root))
        return ArrayDigits(*embedded_digits_arrays(domain, 'train'), TO_TENSOR)

    def print_args(args):
        # the script's untyped arguments (l. 20-29), typed
        args.batch_size = opts.batch_size
        args.num_workers = 0
        args.lr = lr
        args.class_num = 10
        args.weight_L2norm = 0.05
        args.dropout_p = 0.5
        afn_utils.print_args(args)

    def res_classifier(class_num=31, extract=True, dropout_p=0.5):
        net = afn_model.ResClassifier(
            class_num=class_num, extract=extract, dropout_p=dropout_p)
        net.fc1 = nn.Sequential(
            nn.Linear(800, 500), nn.BatchNorm1d(500, affine=True),
            nn.ReLU(inplace=True), nn.Dropout(p=dropout_p))
        net.fc2 = nn.Linear(500, class_num)
        return net

    def tqdm(iterable, *args, **kwargs):
        it = iter(iterable)
        while _Steps.count < opts.iters:
            try:
                item = next(it)
            except StopIteration:
                return
            yield item

    utils = types.ModuleType('utils')
    utils.OfficeImage = office_image
    utils.weights_init = afn_utils.weights_init
    utils.print_args = print_args
    model = types.ModuleType('model')
    model.ResBase50 = LeNetBase
    model.ResClassifier = res_classifier
    tqdm_mod = types.ModuleType('tqdm')
    tqdm_mod.tqdm = tqdm
    return dict(utils=utils, model=model, tqdm=tqdm_mod)


def main(argv=None) -> dict:
    opts = parse_args(argv)
    root = check_peer_checkout(opts.peer_root, REPO, REQUIRED)
    code_dir = osp.join(root, CODE)
    torch.set_num_threads(1)
    from torch.utils.data.dataloader import _BaseDataLoaderIter
    from torchvision import transforms

    source, target = TASKS[opts.task]
    random.seed(opts.seed)
    np.random.seed(opts.seed)
    torch.manual_seed(opts.seed)
    sgd, lr = make_sgd(torch.optim.SGD, opts)
    _Steps.count = 0
    # steps per target epoch >= half its full batches (a short source batch
    # skips a step at most every other batch); the loop is cut at --iters.
    n_target = len(embedded_digits_arrays(target, 'train')[1])
    epochs = math.ceil(opts.iters / max(1, n_target // opts.batch_size // 2))
    argv_script = [
        'train.py', '--source', source, '--target', target, '--epoch',
        str(epochs), '--task', opts.task, '--snapshot', ''
    ]

    start = time.time()
    with shimmed_modules(build_shims(code_dir, opts, lr)), \
            patched(sys, 'argv', argv_script), \
            patched(torch.optim, 'SGD', sgd), \
            patched(torch, 'save', lambda *a, **k: None), \
            patched(transforms, 'Scale', transforms.Resize), \
            patched(nn.Module, 'cuda', lambda self, *a, **k: self), \
            patched(torch.Tensor, 'cuda', lambda self, *a, **k: self), \
            patched(_BaseDataLoaderIter, 'next',
                    _BaseDataLoaderIter.__next__), \
            warnings.catch_warnings():
        warnings.filterwarnings('ignore', 'Implicit dimension choice')
        script = runpy.run_path(osp.join(code_dir, 'train.py'))
    wall = time.time() - start
    if _Steps.count != opts.iters:
        raise RuntimeError(f'the script ran {_Steps.count} steps, expected '
                           f'{opts.iters}')

    net_g, net_f = script['netG'], script['netF']
    net_g.eval()
    net_f.eval()
    test_loader = DataLoader(
        ArrayDigits(*embedded_digits_arrays(target, 'test'), TO_TENSOR),
        batch_size=256,
        shuffle=False)
    correct = total = 0
    with torch.no_grad():
        for x, y in test_loader:
            _, logit = net_f(net_g(x))
            correct += (logit.argmax(1) == y).sum().item()
            total += len(y)
    result = dict(
        peer=REPO,
        method='safn',
        task=opts.task,
        seed=opts.seed,
        target_test_acc=round(100.0 * correct / total, 2),
        wall_s=round(wall, 1),
        script=f'{CODE}/train.py',
        optim=opts.optim,
        lr=lr,
        lr_schedule='(1 + 10 p) ** -0.75'
        if opts.optim == 'mmda' else 'constant',
        momentum_g=0.9 if opts.optim == 'mmda' else 0.0,
        momentum_f=0.9,
        weight_decay=5e-4,
        iters=opts.iters,
        batch_size=opts.batch_size,
        delta_r=1.0,
        weight_L2norm=float(script['args'].weight_L2norm),
        dropout_p=float(script['args'].dropout_p))
    out_dir = osp.join(opts.work_dir, opts.task, f'seed{opts.seed}')
    os.makedirs(out_dir, exist_ok=True)
    with open(osp.join(out_dir, 'result.json'), 'w') as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result))
    return result


if __name__ == '__main__':
    main()
