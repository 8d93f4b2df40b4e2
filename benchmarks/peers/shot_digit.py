# Copyright (c) mmda contributors. All rights reserved.
"""Run the official SHOT digits code (tim-learn/SHOT, ``digit/uda_digit.py``)
on mmda's embedded digits, next to mmda's SHOT configs.

The runner imports ``uda_digit.py`` from the checkout and calls its own
``train_source``, ``test_target`` and ``train_target`` and ``cal_acc``
functions. Runtime shims only:

* ``digit_load`` is replaced by a loader factory over the embedded arrays
  (:mod:`benchmarks.peers.embedded_digits_arrays`) with the transforms of
  the official branch for that direction: UCI -> MNIST-5k takes the
  ``u2m`` branch (source augmented with ``RandomCrop(28, padding=4)`` and
  ``RandomRotation(10)``, on the source train AND validation sets as the
  official code does), MNIST-5k -> UCI the ``m2u`` branch (no
  augmentation). Loader sizes, shuffling and ``drop_last`` are the
  official ones.
* ``.cuda()`` is the identity (CPU only) and the DataLoader iterators get
  the Python 2 ``.next()`` the script calls.

Budget: the source stage runs ``--source-iters`` iterations (mmda's
``shot_source_lenet_2k_digits_*`` run 2,000; the script's
``max_iter = max_epoch * len(loader)`` is met exactly by a fractional
``max_epoch``), the target stage ``--target-epochs`` epochs (30, as
mmda's and the official digits setting). The source model kept is the
script's own choice (best on the source validation split, checked 10
times), and the target model tested is the last one.

Example::

    python benchmarks/peers/shot_digit.py /work/scratch/peers/shot \\
        --task uci2mnist5k --seed 0 --work-dir work_dirs/peers/shot
"""
import argparse
import json
import os
import os.path as osp
import random
import sys
import time
import types
from types import SimpleNamespace

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

REPO = 'tim-learn/SHOT'
REQUIRED = ('digit/uda_digit.py', 'digit/network.py', 'digit/loss.py')
# embedded task -> (source, target, the official branch it mirrors)
TASKS = {
    'uci2mnist5k': ('uci', 'mnist5k', 'u2m'),
    'mnist5k2uci': ('mnist5k', 'uci', 'm2u'),
}


def make_digit_load(task: str, source_aug: bool):
    """Build the replacement of ``uda_digit.digit_load`` for ``task``."""
    from torchvision import transforms
    source, target, _ = TASKS[task]
    plain = transforms.Compose(
        [transforms.ToTensor(),
         transforms.Normalize((0.5, ), (0.5, ))])
    # uda_digit.py, digit_load, 'u2m' branch: both USPS sets.
    augmented = transforms.Compose([
        transforms.RandomCrop(28, padding=4),
        transforms.RandomRotation(10),
        transforms.ToTensor(),
        transforms.Normalize((0.5, ), (0.5, ))
    ])
    src_tf = augmented if source_aug else plain

    def digit_load(args):
        bs = args.batch_size
        train_source = ArrayDigits(*embedded_digits_arrays(source, 'train'),
                                   src_tf)
        test_source = ArrayDigits(*embedded_digits_arrays(source, 'test'),
                                  src_tf)
        train_target = ArrayDigits(
            *embedded_digits_arrays(target, 'train'), plain, with_index=True)
        test_target = ArrayDigits(*embedded_digits_arrays(target, 'test'),
                                  plain)
        # The loaders of the official digit_load, one for one.
        return dict(
            source_tr=DataLoader(
                train_source, bs, shuffle=True, num_workers=0,
                drop_last=False),
            source_te=DataLoader(
                test_source,
                bs * 2,
                shuffle=True,
                num_workers=0,
                drop_last=False),
            target=DataLoader(
                train_target, bs, shuffle=True, num_workers=0,
                drop_last=False),
            target_te=DataLoader(
                train_target,
                bs,
                shuffle=False,
                num_workers=0,
                drop_last=False),
            test=DataLoader(
                test_target,
                bs * 2,
                shuffle=False,
                num_workers=0,
                drop_last=False))

    return digit_load


def install_cpu_shims() -> None:
    """CPU-only run of code written for CUDA and Python 2 iterators."""
    from torch.utils.data.dataloader import _BaseDataLoaderIter
    torch.Tensor.cuda = lambda self, *args, **kwargs: self
    torch.nn.Module.cuda = lambda self, *args, **kwargs: self
    torch.cuda.manual_seed = lambda seed: None
    _BaseDataLoaderIter.next = _BaseDataLoaderIter.__next__
    # uda_digit.py imports tqdm but never calls it; the pinned venv has
    # none, so a stand-in module satisfies the import.
    try:
        import tqdm  # noqa: F401
    except ImportError:
        stand_in = types.ModuleType('tqdm')
        stand_in.tqdm = lambda iterable=None, **kwargs: iterable
        sys.modules['tqdm'] = stand_in


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('peer_root', help='checkout of tim-learn/SHOT')
    parser.add_argument('--task', choices=sorted(TASKS), required=True)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--source-iters', type=int, default=2000)
    parser.add_argument('--target-epochs', type=int, default=30)
    parser.add_argument(
        '--cls-par',
        type=float,
        default=0.1,
        help='beta; digit/digit.sh passes 0.1 (0 gives SHOT-IM)')
    parser.add_argument(
        '--no-source-aug',
        action='store_true',
        help='drop the u2m source augmentation (ablation)')
    parser.add_argument('--work-dir', default='work_dirs/peers/shot_digit')
    return parser.parse_args(argv)


def main(argv=None) -> dict:
    opts = parse_args(argv)
    root = check_peer_checkout(opts.peer_root, REPO, REQUIRED)
    prepend_sys_path(osp.join(root, 'digit'))
    torch.set_num_threads(1)
    install_cpu_shims()
    import uda_digit
    source, target, branch = TASKS[opts.task]
    source_aug = branch == 'u2m' and not opts.no_source_aug
    uda_digit.digit_load = make_digit_load(opts.task, source_aug)

    # The script's __main__ defaults (digit.sh overrides only cls_par).
    args = SimpleNamespace(
        dset=branch,
        batch_size=64,
        worker=0,
        lr=0.01,
        seed=opts.seed,
        cls_par=opts.cls_par,
        ent_par=1.0,
        gent=True,
        ent=True,
        bottleneck=256,
        layer='wn',
        classifier='bn',
        smooth=0.1,
        issave=False,
        class_num=10)
    torch.manual_seed(opts.seed)
    np.random.seed(opts.seed)
    random.seed(opts.seed)
    args.output_dir = osp.join(opts.work_dir, opts.task, f'seed{opts.seed}')
    os.makedirs(args.output_dir, exist_ok=True)
    args.out_file = open(osp.join(args.output_dir, 'log.txt'), 'w')

    start = time.time()
    n_source_batches = len(uda_digit.digit_load(args)['source_tr'])
    args.max_epoch = opts.source_iters / n_source_batches
    uda_digit.train_source(args)
    uda_digit.test_target(args)  # logs the source model's target accuracy
    source_time = time.time() - start
    args.max_epoch = opts.target_epochs
    net_f, net_b, net_c = uda_digit.train_target(args)
    for net in (net_f, net_b, net_c):
        net.eval()
    loaders = uda_digit.digit_load(args)
    acc, _ = uda_digit.cal_acc(loaders['test'], net_f, net_b, net_c)
    result = dict(
        peer=REPO,
        task=opts.task,
        seed=opts.seed,
        source_aug=source_aug,
        cls_par=opts.cls_par,
        source_iters=opts.source_iters,
        target_epochs=opts.target_epochs,
        target_test_acc=round(acc, 2),
        source_stage_s=round(source_time, 1),
        wall_s=round(time.time() - start, 1))
    args.out_file.close()
    with open(osp.join(args.output_dir, 'result.json'), 'w') as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result))
    return result


if __name__ == '__main__':
    main()
