# Copyright (c) mmda contributors. All rights reserved.
"""Run the official TENT code (DequanWang/tent, ``tent.py`` and ``norm.py``)
on mmda's corrupted MNIST-5k, with mmda's source model weights.

The official ``cifar10c.py`` needs robustbench's CIFAR-10-C loader and
model zoo; this runner stands in for that script only, and drives the
official modules unchanged:

* ``--method tent``: ``tent.configure_model``, ``tent.collect_params``,
  ``torch.optim.Adam`` with the settings of ``cfgs/tent.yaml`` (lr 1e-3,
  betas (0.9, 0.999), weight decay 0) unless given, ``tent.Tent(model,
  optimizer, steps=1, episodic=False)``.
* ``--method norm``: ``norm.Norm(model)`` (BN-1, its defaults).
* ``--method source``: the model in eval mode.

Protocol, as ``cifar10c.py``'s ``evaluate``: for each corruption (at each
``--severity``, severity outermost as there) ``model.reset()`` (skipped with
``--reset continual``), then the images in file order, in batches of
``--batch-size`` (the last one shorter), each forwarded once; the error
counts the predictions of those forwards (robustbench's
``clean_accuracy``). mmda's ``TestTimeAdaptLoop`` walks the same images in
the same order (``DigitsC`` reads the same ``.npy`` rows).

Shim: the classifier is mmda's (built from ``--config``, weights from
``--checkpoint``), wrapped in a module that applies mmda's data
preprocessor (``(x - 127.5) / 127.5`` per channel) and returns logits, so
``model(x)`` is what the official code expects. Nothing of the official
code is copied or patched.

Example::

    python benchmarks/peers/tent_digits.py /work/scratch/peers/tent \\
        --config configs/test_time_adapt/erm_dtn_500i_mnist5k_32px.py \\
        --checkpoint work_dirs/erm_dtn_500i_mnist5k_32px/iter_500.pth \\
        --data-root data/mnist5k-c --method tent --out tent.json
"""
import argparse
import json
import os.path as osp
import sys
from typing import Dict, List

import numpy as np
import torch
from torch import nn

sys.path.insert(0,
                osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))

from benchmarks.peers.peer_checkout import check_peer_checkout  # noqa: E402
from benchmarks.peers.peer_checkout import prepend_sys_path  # noqa: E402

REPO = 'DequanWang/tent'


class LogitsModel(nn.Module):
    """``model(x) -> logits`` of an mmpretrain classifier, with its data
    preprocessor's normalisation on a float NCHW batch in 0..255."""

    def __init__(self, classifier: nn.Module) -> None:
        super().__init__()
        self.classifier = classifier

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pre = self.classifier.data_preprocessor
        x = (x - pre.mean) / pre.std
        return self.classifier(x, mode='tensor')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('peer_root', help='a checkout of DequanWang/tent')
    parser.add_argument('--config', required=True)
    parser.add_argument('--checkpoint', required=True)
    parser.add_argument('--data-root', required=True)
    parser.add_argument(
        '--method', choices=('source', 'norm', 'tent'), default='tent')
    parser.add_argument(
        '--reset', choices=('per_domain', 'continual'), default='per_domain')
    parser.add_argument('--severity', type=int, nargs='+', default=[5])
    parser.add_argument('--corruptions', nargs='+', default=None)
    parser.add_argument('--batch-size', type=int, default=200)
    parser.add_argument('--lr', type=float, default=1e-3)
    parser.add_argument('--out', default=None, help='a JSON file to write')
    return parser.parse_args(argv)


def build_classifier(config: str, checkpoint: str) -> nn.Module:
    from mmengine.config import Config
    from mmengine.registry import DefaultScope

    from mmda.registry import MODELS
    from mmda.utils import register_all_modules
    from mmda.utils.checkpoint import checkpoint_state_dict, read_checkpoint
    register_all_modules(init_default_scope=False)
    cfg = Config.fromfile(config)
    with DefaultScope.overwrite_default_scope('mmda'):
        classifier = MODELS.build(cfg.model)
    classifier.load_state_dict(
        checkpoint_state_dict(read_checkpoint(checkpoint)), strict=True)
    return classifier


def load_domain(root: str, corruption: str, severity: int):
    labels = np.load(osp.join(root, 'labels.npy'))
    n = len(labels) // 5
    rows = slice((severity - 1) * n, severity * n)
    images = np.load(osp.join(root, f'{corruption}.npy'), mmap_mode='r')
    # NCHW and contiguous, as mmpretrain's PackInputs gives mmda's model.
    x = torch.from_numpy(np.array(images[rows])).permute(
        0, 3, 1, 2).contiguous().float()
    return x, torch.from_numpy(labels[rows].astype(np.int64))


def online_errors(model: nn.Module, data_root: str, corruptions: List[str],
                  severities: List[int], reset: str,
                  batch_size: int) -> Dict[str, float]:
    """The error (%) of each corruption and severity, in the online
    protocol of the official ``cifar10c.py``'s ``evaluate``: per domain
    ``model.reset()`` (not with ``reset='continual'``), then the images in
    file order, each batch forwarded once and scored."""
    errors = {}
    for severity in severities:
        for corruption in corruptions:
            if reset == 'per_domain' and hasattr(model, 'reset'):
                model.reset()
            x, y = load_domain(data_root, corruption, severity)
            correct = 0
            with torch.no_grad():
                for start in range(0, len(x), batch_size):
                    out = model(x[start:start + batch_size])
                    correct += (out.argmax(1) == y[start:start +
                                                   batch_size]).sum()
            key = f'{corruption}-{severity}'
            errors[key] = 100. * (1 - float(correct) / len(x))
            print(f'error % [{corruption}{severity}]: {errors[key]:.2f}')
    return errors


def report(args: argparse.Namespace, peer: str, lr: float,
           errors: Dict[str, float]) -> dict:
    """Print the mean error, and write the run's result to ``args.out``
    (if given) in the form ``tent_digits_table.py`` reads."""
    result = dict(
        peer=peer,
        method=args.method,
        reset=args.reset,
        batch_size=args.batch_size,
        lr=lr,
        checkpoint=args.checkpoint,
        errors=errors,
        mean_error=float(np.mean(list(errors.values()))))
    print(f'mean error %: {result["mean_error"]:.2f}')
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(result, f, indent=2)
    return result


def setup(method: str, model: nn.Module, lr: float):
    import norm
    import tent
    if method == 'source':
        return model.eval()
    model.eval()
    if method == 'norm':
        return norm.Norm(model)
    model = tent.configure_model(model)
    params, _ = tent.collect_params(model)
    optimizer = torch.optim.Adam(
        params, lr=lr, betas=(0.9, 0.999), weight_decay=0.)
    return tent.Tent(model, optimizer, steps=1, episodic=False)


def main(argv=None):
    args = parse_args(argv)
    root = check_peer_checkout(args.peer_root, REPO, ['tent.py', 'norm.py'])
    prepend_sys_path(root)
    from mmda.utils.corruption_names import CORRUPTIONS
    corruptions = args.corruptions or list(CORRUPTIONS)
    model = setup(args.method,
                  LogitsModel(build_classifier(args.config, args.checkpoint)),
                  args.lr)
    errors = online_errors(model, args.data_root, corruptions, args.severity,
                           args.reset, args.batch_size)
    return report(args, REPO, args.lr, errors)


if __name__ == '__main__':
    main()
