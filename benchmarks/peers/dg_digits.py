# Copyright (c) mmda contributors. All rights reserved.
"""Run the official RSC and CNSN code on mmda's embedded-digits DG task
(train on UCI digits only, test on the unseen MNIST-5k test split), with
the runner's own ERM through the same official loop as the reference.

``--method rsc`` drives DeLightCMU/RSC (``Domain_Generalization/``),
``--method cnsn`` amazon-research/crossnorm-selfnorm, and ``--method erm
--loop {rsc,cnsn}`` the same network without the plug-in through the
official loop of that repository. Neither repository has a digits recipe,
so the network is mmda's digits LeNet, built by mmda from
``configs/erm/erm_lenet_500i_digits_mnist5k.py`` (same layers and the same
initialisation: ``init_weights``), and the peer's code runs on its pieces.

RSC (peer files under ``Domain_Generalization/``)
--------------------------------------------------
* Network: the official ``ResNet.forward(self, x, gt, flag, epoch)``
  (``models/resnet.py:59-154``) is bound to a shim module whose ``conv1``
  is LeNet's whole ``features`` block, whose ``bn1``/``relu``/``maxpool``/
  ``layer1-4``/``avgpool`` are identities and whose ``class_classifier`` is
  LeNet's neck (Linear 800-500, BN1d, ReLU) and head Linear. RSC therefore
  mutes the 50 x 4 x 4 map of the backbone output, where mmda's
  ``rsc_plugin`` sits (``path='backbone'``, head = neck + head), and the
  official ``avgpool`` + ``view`` before the classifier become the neck's
  flatten. Their settings in the forward are unchanged: spatial or channel
  with probability 1/2 (``random.randint(0, 9) <= 4``, l.106-107), top
  ``ceil(HW / 3)`` positions (l.109) or ``ceil(C / 3.2)`` channels (l.117),
  the batch share ``pecent`` (l.30, l.142), the head put in eval mode for the
  gradient (l.75, l.148: here the neck's BN1d), as in mmda's RSC.
* Curriculum: the forward's own (l.70-73: ``pecent = 0.3 + epoch / 10 *
  0.2`` at epochs 0, 10, 20) with ``--epochs 30`` virtual epochs over the
  500 iterations (epoch e = iterations ``ceil(500e/30)`` to
  ``ceil(500(e+1)/30) - 1``, 16 or 17 each): 0.3 for iterations 0-166, 0.5
  for 167-333, 0.7 for 334-499, exactly mmda's ``rsc_curriculum``
  (``lenet_digits_dg_rsc.py``: interval 167). ``train.py:36`` defaults to 20
  epochs; 30 is the paper's and mmda's count.
* Loop: ``train.py``'s own ``Trainer.do_training`` (l.127-140) and
  ``_do_epoch`` (l.79-112) run unchanged on a ``Trainer`` whose attributes
  the runner sets (``__init__`` builds PACS loaders): cross-entropy (l.80),
  the batch concatenated with its horizontal flip (l.86-88, so 2 x 64
  images per step), ``model(data, class_l, True, epoch)`` (l.90),
  ``scheduler.step()`` at each epoch start (l.131). Optimiser and schedule
  from ``optimizer/optimizer_helper.py:4-14`` (called): SGD momentum 0.9,
  weight decay 5e-4, no nesterov (``train.py:47``), lr 0.01 (``train.py:35``
  and mmda's), ``StepLR(step_size=int(0.8 * epochs))``, which with the
  step at each epoch start divides the lr by 10 from virtual epoch 23
  (iteration 384) on. mmda: cosine annealing over 500 iterations, no flip.
  ``--no-flip`` feeds only the un-flipped half to the network and returns
  its logits twice, so the loss and gradients are those of the plain
  batch of 64 (results go to ``{method}_noflip``).
* Evaluation: ``do_test`` (l.114-124) on the UCI test split ("val") and
  the MNIST-5k test split ("test") after every virtual epoch, as
  ``_do_epoch`` does; ``target_test_acc`` is the LAST epoch's "test"
  accuracy (the last model). The official choice (test at the best val
  epoch, l.134-138) is recorded as ``official_selected_test_acc``.
* ERM (``--loop rsc``): the same shim with ``flag`` forced off, i.e. the
  plain official forward, through the same loop.

CNSN (peer files at the checkout root)
--------------------------------------
* Network: LeNet's ``features`` with the official ``CNSN(CrossNorm(crop,
  beta), SelfNorm(C))`` (``models/cnsn.py:94-164``, built as
  ``models/cifar/allconv_cnsn.py:36-48`` does) after each conv -> pool ->
  ReLU block (C = 20, 50), the positions of mmda's ``lenet_cnsn_plugins``
  (``backbone.features.2`` and ``.6``, after). Settings as mmda's digits
  config: crop 'both', beta 1, box threshold 0.1 (``cn_op_2ins_space_chan``
  default, ``models/cnsn.py:58``), SelfNorm with g only (``is_two=False``,
  the official default), ``cn_prob`` 0.5, ``active_num`` 1. (The official
  CIFAR scripts, e.g. ``cifar10-scripts/allconv/run-cnsn.sh``, use crop
  'style' and active_num 2.)
* Activation: the shim module's ``forward`` and ``_enable_cross_norm`` are
  ``AllConvNet.forward`` / ``AllConvNet._enable_cross_norm``
  (``allconv_cnsn.py:147-163``; ``cn_modules`` collected as l.126-137), and
  the loop is ``cifar.py``'s own ``train_cn`` (l.117-145: per iteration,
  ``np.random.rand(1) < cn_prob`` calls ``net(x, aug=True)``, which switches
  on ``active_num`` random CrossNorms for that forward).
* Loop: ``train_cn`` runs once over a loader of the 500 batches;
  optimiser and schedule as ``cifar.py:399-413``: SGD momentum 0.9,
  weight decay 5e-4, nesterov, the per-iteration cosine ``get_lr``
  (l.87-90) down to 1e-6 over the 500 iterations, lr 0.01 (mmda's; the
  CIFAR scripts use 0.1). mmda: no nesterov, cosine to 0. Evaluation with
  ``cifar.py``'s ``test`` (l.275-289) on the MNIST-5k test split after
  training (the last model).
* ERM (``--loop cnsn``): the same network without the CNSN modules
  through ``cifar.py``'s plain ``train`` (l.93-114).

Shared protocol
---------------
* Data: :mod:`benchmarks.peers.embedded_digits_arrays` (mmda's pixels and
  splits), scaled as mmda's data preprocessor ((x - 127.5) / 127.5); no
  augmentation (mmda's UCI pipeline keeps the padded image whole). The
  official image pipelines are not used: RSC's PACS transforms
  (``data/data_helper.py:96-106``: random resized crop, flip, colour
  jitter, greyscale) and CNSN's CIFAR ones (``cifar.py:325-330``: random
  crop with padding 4, flip). The training batches, 64 each, come from
  mmengine's ``InfiniteSampler`` (shuffle, seeded by ``--seed``) as in
  mmda's configs; the official loaders (``drop_last`` epochs,
  ``data_helper.py:78``) are not used.
* Budget: 500 iterations (``--iters``), batch 64, lr 0.01: mmda's
  ``digits_dg_sgd_500.py`` and ``embedded_digits.py``.
* Seeds: ``random``, ``numpy`` and ``torch`` seeded with ``--seed`` before
  the model is built (the official scripts fix seed 0 / 1).

Runtime shims only (no edits to the checkouts): ``Tensor.cuda`` is the
identity (CPU); ``torchvision.models.resnet.model_urls`` (removed) is an
empty dict and ``np.int`` (removed in NumPy 2, ``models/cnsn.py:39-40``)
is ``int``; for RSC, stand-in modules for what ``train.py`` imports but
never uses here (``data.data_helper``, ``models.model_factory``, whose
networks are not in the checkout, and ``utils.Logger``, which needs
TensorFlow) and a silent ``Logger``; the spatial mask's
``expand(num_rois, 49)`` (``models/resnet.py:111``, ResNet's 7 x 7 map) is
made ``expand(num_rois, H * W)`` for the duration of the forward, since
LeNet's map is 4 x 4; for CNSN, ``sys.argv`` holds the settings while
``cifar.py`` (which parses its arguments at import, l.77) is imported.

Example::

    python benchmarks/peers/dg_digits.py /work/scratch/peers/rsc \\
        --method rsc --seed 0 --work-dir work_dirs/peers/dg_digits
    python benchmarks/peers/dg_digits.py /work/scratch/peers/cnsn \\
        --method erm --loop cnsn --seed 0
"""
import argparse
import contextlib
import json
import math
import os
import os.path as osp
import random
import subprocess
import sys
import time
import types
from types import SimpleNamespace

import numpy as np
import torch
from torch import nn

if __package__ in (None, ''):
    sys.path.insert(
        0, osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
from benchmarks.peers.embedded_digits_arrays import \
    embedded_digits_arrays  # noqa: E402
from benchmarks.peers.peer_checkout import check_peer_checkout  # noqa: E402
from benchmarks.peers.peer_checkout import prepend_sys_path

REPOS = {
    'rsc': ('DeLightCMU/RSC',
            ('Domain_Generalization/train.py',
             'Domain_Generalization/models/resnet.py',
             'Domain_Generalization/optimizer/optimizer_helper.py')),
    'cnsn': ('amazon-research/crossnorm-selfnorm',
             ('cifar.py', 'models/cnsn.py', 'models/cifar/allconv_cnsn.py')),
}
TASK = 'uci2mnist5k_dg'
ERM_CONFIG = 'mmda/configs/erm/erm_lenet_500i_digits_mnist5k.py'
# mmda's lenet_cnsn_plugins: after backbone.features.{2, 6}
CNSN_AFTER = ((2, 20), (6, 50))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        'peer_root',
        help='checkout of DeLightCMU/RSC (rsc, erm --loop rsc) or '
        'amazon-research/crossnorm-selfnorm (cnsn, erm --loop cnsn)')
    parser.add_argument('--method', choices=('erm', 'rsc', 'cnsn'))
    parser.add_argument(
        '--loop',
        choices=('rsc', 'cnsn'),
        default=None,
        help="whose official training loop; required for erm, else the "
        "method's own")
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--iters', type=int, default=500)
    parser.add_argument('--batch-size', type=int, default=64)
    parser.add_argument('--lr', type=float, default=0.01)
    parser.add_argument(
        '--epochs',
        type=int,
        default=30,
        help='RSC loop: virtual epochs the iterations are split into')
    parser.add_argument(
        '--no-flip',
        action='store_true',
        help='RSC loop: train on the batch without its mirrored copy')
    parser.add_argument('--cn-prob', type=float, default=0.5)
    parser.add_argument('--active-num', type=int, default=1)
    parser.add_argument('--crop', default='both')
    parser.add_argument('--beta', type=float, default=1.0)
    parser.add_argument('--work-dir', default='work_dirs/peers/dg_digits')
    opts = parser.parse_args(argv)
    if opts.method is None:
        parser.error('--method is required')
    if opts.method == 'erm':
        if opts.loop is None:
            parser.error('--method erm needs --loop rsc|cnsn')
    elif opts.loop not in (None, opts.method):
        parser.error(f'--method {opts.method} runs its own loop')
    else:
        opts.loop = opts.method
    return opts


# ---------------------------------------------------------------- shared


def mmda_lenet():
    """mmda's digits LeNet pieces, built and initialised by mmda."""
    from mmengine.config import Config
    from mmengine.logging import MMLogger

    from mmda.registry import MODELS
    root = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
    cfg = Config.fromfile(osp.join(root, ERM_CONFIG))
    model = MODELS.build(cfg.model)
    logger = MMLogger.get_current_instance()
    level = logger.level
    logger.setLevel('WARNING')  # init_weights lists every parameter
    model.init_weights()
    logger.setLevel(level)
    return model.backbone.features, NeckHead(model.neck, model.head.fc)


class NeckHead(nn.Module):
    """mmda's neck (flatten, Linear 800-500, BN1d, ReLU) then head Linear."""

    def __init__(self, neck, fc):
        super().__init__()
        self.neck, self.fc = neck, fc

    def forward(self, x):
        return self.fc(self.neck(x)[0])


def tensors(domain, split):
    images, labels = embedded_digits_arrays(domain, split)
    x = (torch.from_numpy(images).float().unsqueeze(1) - 127.5) / 127.5
    return x, torch.from_numpy(labels)


def training_batches(x, y, batch_size, iters, seed):
    """``iters`` batches drawn as mmda's configs draw them."""
    from mmengine.dataset import InfiniteSampler
    indices = iter(InfiniteSampler(list(range(len(y))), True, seed))
    for _ in range(iters):
        idx = torch.tensor([next(indices) for _ in range(batch_size)])
        yield x[idx], y[idx]


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def git_head(root):
    try:
        return subprocess.run(['git', '-C', root, 'rev-parse', 'HEAD'],
                              capture_output=True,
                              text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def install_common_shims():
    import torchvision.models.resnet as tv_resnet
    torch.Tensor.cuda = lambda self, *args, **kwargs: self
    if not hasattr(tv_resnet, 'model_urls'):
        tv_resnet.model_urls = {}
    if not hasattr(np, 'int'):
        np.int = int


# ------------------------------------------------------------------- RSC


class _QuietLogger:
    """Stands in for ``utils.Logger.Logger`` (TensorBoard/TensorFlow)."""

    def __init__(self, *args, **kwargs):
        self.tests = []

    def new_epoch(self, *args):
        pass

    def log(self, *args):
        pass

    def log_test(self, phase, accuracies):
        self.tests.append((phase, accuracies))

    def save_best(self, *args):
        pass


@contextlib.contextmanager
def _map_size_for_official_expand(hw):
    """``expand(n, 49)`` on an ``(n, 1)`` tensor means ``expand(n, H*W)``."""
    expand = torch.Tensor.expand

    def patched(self, *sizes):
        if (hw != 49 and self.dim() == 2 and self.shape[1] == 1
                and sizes == (self.shape[0], 49)):
            sizes = (self.shape[0], hw)
        return expand(self, *sizes)

    torch.Tensor.expand = patched
    try:
        yield
    finally:
        torch.Tensor.expand = expand


class RSCLeNet(nn.Module):
    """LeNet under the names the official ``ResNet.forward`` uses."""

    def __init__(self, official_forward, features, classifier, rsc, flip):
        super().__init__()
        self.conv1 = features
        for name in ('bn1', 'relu', 'maxpool', 'layer1', 'layer2', 'layer3',
                     'layer4', 'avgpool'):
            setattr(self, name, nn.Identity())
        self.class_classifier = classifier
        self.pecent = 1 / 3  # as ResNet.__init__
        self._official_forward = official_forward
        self.rsc, self.flip = rsc, flip
        self.map_hw = 16  # 28x28 input -> 50 x 4 x 4

    def forward(self, x, gt=None, flag=None, epoch=None):
        half = None
        if self.training and not self.flip:
            # train.py concatenated the batch with its mirror: keep the
            # batch itself and give its logits for both halves.
            half = x.shape[0] // 2
            x, gt = x[:half], gt[:half]
        with _map_size_for_official_expand(self.map_hw):
            logits = self._official_forward(self, x, gt,
                                            bool(flag) and self.rsc, epoch)
        return logits if half is None else torch.cat([logits, logits])


class EpochSlices:
    """The training batches, handed out one virtual epoch per ``iter``."""

    def __init__(self, batches, iters, epochs):
        self.batches = iter(batches)
        self.bounds = [
            math.ceil(iters * e / epochs) for e in range(epochs + 1)
        ]
        self.epoch = 0

    def __len__(self):
        e = min(self.epoch, len(self.bounds) - 2)
        return self.bounds[e + 1] - self.bounds[e]

    def __iter__(self):
        n = len(self)
        self.epoch += 1
        for _ in range(n):
            x, y = next(self.batches)
            yield (x, y, y), torch.zeros(len(y), dtype=torch.long)


def run_rsc_loop(root, opts, features, classifier, data):
    dg = osp.join(root, 'Domain_Generalization')
    prepend_sys_path(dg)
    install_common_shims()
    import models  # the checkout's (empty) package
    stubs = dict(
        data=types.ModuleType('data'),
        data_helper=types.ModuleType('data.data_helper'),
        model_factory=types.ModuleType('models.model_factory'),
        utils=types.ModuleType('utils'),
        Logger=types.ModuleType('utils.Logger'))
    stubs['data_helper'].available_datasets = []
    stubs['data'].data_helper = stubs['data_helper']
    stubs['model_factory'].nets_map = {}
    stubs['Logger'].Logger = _QuietLogger
    stubs['utils'].Logger = stubs['Logger']
    models.model_factory = stubs['model_factory']
    for module in stubs.values():
        sys.modules[module.__name__] = module
    import train as rsc_train
    from models.resnet import ResNet
    from optimizer.optimizer_helper import get_optim_and_scheduler
    rsc_train.Logger = _QuietLogger

    model = RSCLeNet(ResNet.forward, features, classifier,
                     opts.method == 'rsc', not opts.no_flip)
    trainer = rsc_train.Trainer.__new__(rsc_train.Trainer)
    trainer.args = SimpleNamespace(epochs=opts.epochs)
    trainer.device = torch.device('cpu')
    trainer.model = model
    trainer.n_classes = 10
    trainer.optimizer, trainer.scheduler = get_optim_and_scheduler(
        model, opts.epochs, opts.lr, True, nesterov=False)
    trainer.source_loader = EpochSlices(
        training_batches(*data['train'], opts.batch_size, opts.iters,
                         opts.seed), opts.iters, opts.epochs)
    trainer.len_dataloader = len(trainer.source_loader)

    def eval_loader(x, y):
        return _Loader([((x[i:i + 1000], y[i:i + 1000], y[i:i + 1000]), None)
                        for i in range(0, len(y), 1000)], y)

    trainer.test_loaders = dict(
        val=eval_loader(*data['val']), test=eval_loader(*data['test']))
    trainer.do_training()
    val, test = trainer.results['val'], trainer.results['test']
    return dict(
        target_test_acc=round(100.0 * float(test[-1]), 2),
        official_selected_test_acc=round(
            100.0 * float(test[int(val.argmax())]), 2),
        source_val_acc=round(100.0 * float(val[-1]), 2),
        final_lr=trainer.optimizer.param_groups[0]['lr'])


# ------------------------------------------------------------------ CNSN


def run_cnsn_loop(root, opts, features, classifier, data):
    prepend_sys_path(root)
    install_common_shims()
    argv = sys.argv
    sys.argv = [
        'cifar.py', '--cn_prob',
        str(opts.cn_prob), '--active_num',
        str(opts.active_num), '--crop', opts.crop, '--beta',
        str(opts.beta), '--cnsn_type', 'cnsn', '--lr',
        str(opts.lr), '--batch_size',
        str(opts.batch_size), '--print-freq', '100'
    ]
    try:
        import cifar
    finally:
        sys.argv = argv
    from models.cifar.allconv_cnsn import AllConvNet
    from models.cnsn import CNSN, CrossNorm, SelfNorm

    layers = list(features)
    if opts.method == 'cnsn':
        for index, channels in sorted(CNSN_AFTER, reverse=True):
            layers.insert(
                index + 1,
                CNSN(
                    crossnorm=CrossNorm(crop=opts.crop, beta=opts.beta),
                    selfnorm=SelfNorm(channels)))
    shim = type(
        'CNSNLeNet', (nn.Module, ),
        dict(
            forward=AllConvNet.forward,
            _enable_cross_norm=AllConvNet._enable_cross_norm))
    net = shim()
    net.features = nn.Sequential(*layers)
    net.classifier = classifier
    net.cn_modules = [m for m in net.modules() if isinstance(m, CrossNorm)]
    net.cn_num, net.active_num = len(net.cn_modules), opts.active_num

    optimizer = torch.optim.SGD(
        net.parameters(),
        opts.lr,
        momentum=0.9,
        weight_decay=5e-4,
        nesterov=True)
    lr_min = 1e-6 / opts.lr  # get_lr returns a factor of the lr
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lr_lambda=lambda step: cifar.get_lr(step, opts.iters, 1, lr_min))
    batches = list(
        training_batches(*data['train'], opts.batch_size, opts.iters,
                         opts.seed))
    if opts.method == 'cnsn':
        cifar.train_cn(net, batches, optimizer, scheduler)
    else:
        cifar.train(net, batches, optimizer, scheduler)

    def eval_loader(x, y):
        return _Loader([(x[i:i + 1000], y[i:i + 1000])
                        for i in range(0, len(y), 1000)], y)

    _, test_acc = cifar.test(net, eval_loader(*data['test']))
    _, val_acc = cifar.test(net, eval_loader(*data['val']))
    return dict(
        target_test_acc=round(100.0 * test_acc, 2),
        source_val_acc=round(100.0 * val_acc, 2),
        final_lr=optimizer.param_groups[0]['lr'],
        cn_modules=net.cn_num)


class _Loader(list):
    """Batches with the ``.dataset`` length ``cifar.test`` divides by."""

    def __init__(self, batches, labels):
        super().__init__(batches)
        self.dataset = labels


# ------------------------------------------------------------------ main


def main(argv=None) -> dict:
    opts = parse_args(argv)
    repo, required = REPOS[opts.loop]
    root = check_peer_checkout(opts.peer_root, repo, required)
    torch.set_num_threads(1)
    data = dict(
        train=tensors('uci', 'train'),
        val=tensors('uci', 'test'),
        test=tensors('mnist5k', 'test'))
    seed_everything(opts.seed)
    features, classifier = mmda_lenet()
    start = time.time()
    run = run_rsc_loop if opts.loop == 'rsc' else run_cnsn_loop
    scores = run(root, opts, features, classifier, data)
    settings = dict(
        loop=opts.loop,
        iters=opts.iters,
        batch_size=opts.batch_size,
        lr=opts.lr,
        network='mmda LeNet (' + ERM_CONFIG + ')')
    if opts.loop == 'rsc':
        settings.update(
            virtual_epochs=opts.epochs,
            flip_concat=not opts.no_flip,
            optimizer='SGD m0.9 wd5e-4 (optimizer_helper.py)',
            schedule=f'StepLR step {int(opts.epochs * .8)} epochs, x0.1')
    else:
        settings.update(
            optimizer='SGD m0.9 wd5e-4 nesterov (cifar.py)',
            schedule='per-iteration cosine to 1e-6 (cifar.py get_lr)')
        if opts.method == 'cnsn':
            settings.update(
                cn_prob=opts.cn_prob,
                active_num=opts.active_num,
                crop=opts.crop,
                beta=opts.beta,
                positions='after backbone.features.2 and .6')
    method = opts.method if opts.method != 'erm' else f'erm_{opts.loop}loop'
    if opts.loop == 'rsc' and opts.no_flip:
        method += '_noflip'
    result = dict(
        peer=repo,
        peer_commit=git_head(root),
        method=method,
        task=TASK,
        seed=opts.seed,
        target_test_acc=scores.pop('target_test_acc'),
        wall_s=round(time.time() - start, 1),
        **scores,
        settings=settings)
    out_dir = osp.join(opts.work_dir, method, f'seed{opts.seed}')
    os.makedirs(out_dir, exist_ok=True)
    with open(osp.join(out_dir, 'result.json'), 'w') as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result))
    return result


if __name__ == '__main__':
    main()
