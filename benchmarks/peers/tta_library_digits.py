# Copyright (c) mmda contributors. All rights reserved.
"""Run a method of the test-time adaptation library
(mariodoebler/test-time-adaptation, ``classification/methods``) on mmda's
corrupted MNIST-5k, with mmda's source model weights, in the online
protocol of :mod:`benchmarks.peers.tent_digits`.

The library's ``test_time.py`` needs its dataset loaders, robustbench and
yacs; this runner stands in for that script only and drives the method's
own class unchanged (``--method sar``: ``methods/sar.py``'s ``SAR``, with
its ``configure_model``, ``collect_params``, ``SAM`` optimizer,
``forward_and_adapt`` and model recovery). Runtime shims:

* ``methods`` and ``models`` are entered as bare packages (their
  ``__init__`` modules import every method and model, with open_clip,
  timm and robustbench), and ``models.model`` is a stand-in holding the one
  name ``methods/base.py`` imports, ``ResNetDomainNet126``, which only
  DomainNet-126 models use.
* The method's ``cfg`` is a plain namespace with the library's values
  (``conf.py`` defaults and ``cfgs/cifar10_c/<method>.yaml``), since yacs
  is not installed: see :data:`CFG`. ``--lr`` overrides ``OPTIM.LR``.

Per domain (``--reset per_domain``, the library's ``reset_each_shift``)
``model.reset()``; then the images in file order, in batches of
``--batch-size``.

Example::

    python benchmarks/peers/tta_library_digits.py \\
        /work/scratch/peers/test-time-adaptation --method sar \\
        --config configs/test_time_adapt/erm_dtn_500i_mnist5k_32px.py \\
        --checkpoint work_dirs/erm_dtn_500i_mnist5k_32px/iter_500.pth \\
        --data-root data/mnist5k-c --out sar.json
"""
import argparse
import importlib
import os.path as osp
import sys
import types
from types import SimpleNamespace

sys.path.insert(0,
                osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))

from benchmarks.peers.peer_checkout import check_peer_checkout  # noqa: E402
from benchmarks.peers.peer_checkout import prepend_sys_path  # noqa: E402
from benchmarks.peers.tent_digits import LogitsModel  # noqa: E402
from benchmarks.peers.tent_digits import build_classifier  # noqa: E402
from benchmarks.peers.tent_digits import online_errors  # noqa: E402
from benchmarks.peers.tent_digits import report  # noqa: E402

REPO = 'mariodoebler/test-time-adaptation'
#: method -> (module, class)
METHODS = {'sar': ('methods.sar', 'SAR')}


def _ns(**kw) -> SimpleNamespace:
    return SimpleNamespace(**kw)


#: The library's settings for CIFAR-10-C (conf.py defaults, with
#: cfgs/cifar10_c/sar.yaml: batch 200, Adam entries unused by SAR, whose
#: SAM wraps SGD with OPTIM.LR and OPTIM.MOMENTUM).
CFG = _ns(
    MODEL=_ns(EPISODIC=False, RESET_AFTER_NUM_UPDATES=0, ARCH='Standard'),
    CORRUPTION=_ns(DATASET='cifar10_c'),
    OPTIM=_ns(
        STEPS=1,
        LR=1e-3,
        METHOD='Adam',
        BETA=0.9,
        MOMENTUM=0.9,
        DAMPENING=0.0,
        NESTEROV=True,
        WD=0.0),
    TEST=_ns(WINDOW_LENGTH=1),
    MIXED_PRECISION=False,
    EATA=_ns(MARGIN_E0=0.4, FISHER_ALPHA=2000.0, D_MARGIN=0.05),
    SAR=_ns(RESET_CONSTANT_EM=0.2))


def import_method(root: str, method: str):
    """The library's method class, imported with the shims above."""
    classification = osp.join(root, 'classification')
    module, name = METHODS[method]
    check_peer_checkout(root, REPO, [
        'classification/methods/base.py',
        f'classification/{module.replace(".", "/")}.py'
    ])
    prepend_sys_path(classification)
    for package in ('methods', 'models'):
        if package not in sys.modules:
            stub = sys.modules[package] = types.ModuleType(package)
            stub.__path__ = [osp.join(classification, package)]
    if 'models.model' not in sys.modules:
        stand_in = sys.modules['models.model'] = types.ModuleType(
            'models.model')
        stand_in.ResNetDomainNet126 = type('ResNetDomainNet126', (), {})
    return getattr(importlib.import_module(module), name)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('peer_root', help=f'a checkout of {REPO}')
    parser.add_argument('--method', choices=sorted(METHODS), default='sar')
    parser.add_argument('--config', required=True)
    parser.add_argument('--checkpoint', required=True)
    parser.add_argument('--data-root', required=True)
    parser.add_argument(
        '--reset', choices=('per_domain', 'continual'), default='per_domain')
    parser.add_argument('--severity', type=int, nargs='+', default=[5])
    parser.add_argument('--corruptions', nargs='+', default=None)
    parser.add_argument('--batch-size', type=int, default=200)
    parser.add_argument('--lr', type=float, default=None)
    parser.add_argument('--out', default=None, help='a JSON file to write')
    args = parser.parse_args(argv)
    from mmda.utils.corruption_names import CORRUPTIONS
    cls = import_method(args.peer_root, args.method)
    cfg = CFG
    if args.lr is not None:
        cfg.OPTIM.LR = args.lr
    classifier = build_classifier(args.config, args.checkpoint)
    model = cls(cfg, LogitsModel(classifier), classifier.head.num_classes)
    errors = online_errors(model, args.data_root, args.corruptions
                           or list(CORRUPTIONS), args.severity, args.reset,
                           args.batch_size)
    return report(args, REPO, cfg.OPTIM.LR, errors)


if __name__ == '__main__':
    main()
