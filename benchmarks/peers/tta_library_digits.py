# Copyright (c) mmda contributors. All rights reserved.
"""Run a method of the test-time adaptation library
(mariodoebler/test-time-adaptation, ``classification/methods``) on mmda's
corrupted MNIST-5k, with mmda's source model weights, in the online
protocol of :mod:`benchmarks.peers.tent_digits`.

The library's ``test_time.py`` needs its dataset loaders, robustbench and
yacs; this runner stands in for that script only and drives the method's
own class unchanged (``--method sar``: ``methods/sar.py``'s ``SAR``, with
its ``configure_model``, ``collect_params``, ``SAM`` optimizer,
``forward_and_adapt`` and model recovery; ``--method eata``:
``methods/eata.py``'s ``EATA``, with its sample filters, reweighting and
Fisher regulariser, whose importance it computes in its constructor;
``--method cotta``: ``methods/cotta.py``'s ``CoTTA``, with its teacher,
anchor, augmentations of ``augmentations/transforms_cotta.py`` and
stochastic restoration, continual by default). Runtime shims:

* ``methods`` and ``models`` are entered as bare packages (their
  ``__init__`` modules import every method and model, with open_clip,
  timm and robustbench), and ``models.model`` is a stand-in holding the one
  name ``methods/base.py`` imports, ``ResNetDomainNet126``, which only
  DomainNet-126 models use.
* The method's ``cfg`` is a plain namespace with the library's values
  (``conf.py`` defaults and ``cfgs/cifar10_c/<method>.yaml``), since yacs
  is not installed: see :data:`CFG` and :data:`YAML`. ``--lr`` overrides
  ``OPTIM.LR``; ``--d-margin`` / ``--fisher-alpha`` ``EATA.D_MARGIN`` /
  ``EATA.FISHER_ALPHA``.
* EATA: ``datasets`` is a bare package and ``datasets.data_loading`` a
  stand-in whose ``get_source_loader`` (the library's needs torchvision's
  CIFAR-10) returns the source batches of mmda's EATA config (the
  ``dataloader`` and ``num_samples`` of its ``FisherImportanceHook``,
  ``--fisher-config``), the same images in the same batches as mmda's
  side; it checks the batch size and sample count the library asks for
  against them. The wrapped model gets ``model_preprocess = None`` (the
  library's models carry their input transform there).

* CoTTA: its augmentations act on images in [0, 1] (the library's models
  normalise inside), so the method gets the batches divided by 255
  (:class:`UnitRangeInputs`) and the wrapped model multiplies them back
  (:class:`UnitRangeLogitsModel`); both are exact in float32 for 0..255.
  ``torch.manual_seed(--seed)`` right before the first batch seeds the
  global generator its augmentations and restoration masks draw from.

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
import copy
import importlib
import os.path as osp
import sys
import types
from types import SimpleNamespace

import torch
from torch import nn

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
METHODS = {
    'sar': ('methods.sar', 'SAR'),
    'eata': ('methods.eata', 'EATA'),
    'cotta': ('methods.cotta', 'CoTTA')
}


def _ns(**kw) -> SimpleNamespace:
    return SimpleNamespace(**kw)


#: The library's conf.py defaults, of the entries that the methods here
#: read (SAR's SAM wraps SGD with OPTIM.LR and OPTIM.MOMENTUM; the Adam
#: entries are EATA's); :data:`YAML` has each method's CIFAR-10-C values.
CFG = _ns(
    MODEL=_ns(
        EPISODIC=False,
        RESET_AFTER_NUM_UPDATES=0,
        ARCH='Standard',
        ADAPTATION='source',
        CKPT_PATH=''),
    DATA_DIR='./data',
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
    TEST=_ns(WINDOW_LENGTH=1, BATCH_SIZE=128, N_AUGMENTATIONS=32),
    MIXED_PRECISION=False,
    EATA=_ns(MARGIN_E0=0.4, FISHER_ALPHA=2000.0, D_MARGIN=0.05),
    SAR=_ns(RESET_CONSTANT_EM=0.2),
    M_TEACHER=_ns(MOMENTUM=0.999),
    COTTA=_ns(RST=0.01, AP=0.92),
    SOURCE=_ns(NUM_SAMPLES=-1, PERCENTAGE=1.0, NUM_WORKERS=4))

#: Each method's cfgs/cifar10_c/<method>.yaml entries that differ from
#: :data:`CFG`.
YAML = {
    'sar': {
        'MODEL.ADAPTATION': 'sar',
        'TEST.BATCH_SIZE': 200
    },
    'eata': {
        'MODEL.ADAPTATION': 'eata',
        'TEST.BATCH_SIZE': 200,
        'EATA.FISHER_ALPHA': 1.0,
        'EATA.D_MARGIN': 0.4,
        'SOURCE.NUM_SAMPLES': 2000
    },
    'cotta': {
        'MODEL.ADAPTATION': 'cotta',
        'TEST.BATCH_SIZE': 200
    },
}


def library_cfg(method: str, **overrides) -> SimpleNamespace:
    """:data:`CFG` with the method's :data:`YAML` and then ``overrides``
    (dotted keys, e.g. ``{'OPTIM.LR': 1e-4}``), a copy."""
    cfg = copy.deepcopy(CFG)
    for key, value in {**YAML[method], **overrides}.items():
        *path, leaf = key.split('.')
        node = cfg
        for part in path:
            node = getattr(node, part)
        setattr(node, leaf, value)
    return cfg


#: The source loader config the stand-in get_source_loader serves.
_SOURCE: dict = {}


def use_source_loader(dataloader, num_samples: int) -> None:
    """Serve ``dataloader`` (a config or a DataLoader of mmda batches),
    cut at ``num_samples``, as the library's source loader."""
    _SOURCE.update(dataloader=dataloader, num_samples=num_samples)


def _get_source_loader(*, batch_size: int, num_samples: int, **unused):
    """Stand-in of the library's ``datasets.data_loading``'s: the batches
    of :func:`use_source_loader` as ``[images 0..255, labels]``."""
    import torch
    from mmengine.runner import Runner

    from mmda.engine.hooks import source_batches
    if not _SOURCE:
        raise RuntimeError('tta_library_digits: no source loader given '
                           '(use_source_loader)')
    if num_samples != _SOURCE['num_samples']:
        raise ValueError(f'the library asks for {num_samples} source samples '
                         f'(SOURCE.NUM_SAMPLES), mmda\'s config uses '
                         f'{_SOURCE["num_samples"]}')
    loader = Runner.build_dataloader(_SOURCE['dataloader'])
    if loader.batch_size != batch_size:
        raise ValueError(
            f'the library asks for source batches of {batch_size} '
            f'(TEST.BATCH_SIZE), mmda\'s config has {loader.batch_size}')
    batches = [[
        torch.stack(b['inputs']).float(),
        torch.tensor([s.gt_label.item() for s in b['data_samples']])
    ] for b in source_batches(loader, num_samples)]
    return None, batches


def import_method(root: str, method: str):
    """The library's method class, imported with the shims above."""
    classification = osp.join(root, 'classification')
    module, name = METHODS[method]
    check_peer_checkout(root, REPO, [
        'classification/methods/base.py',
        f'classification/{module.replace(".", "/")}.py'
    ])
    prepend_sys_path(classification)
    for package in ('methods', 'models', 'datasets'):
        if package not in sys.modules:
            stub = sys.modules[package] = types.ModuleType(package)
            stub.__path__ = [osp.join(classification, package)]
    if 'models.model' not in sys.modules:
        stand_in = sys.modules['models.model'] = types.ModuleType(
            'models.model')
        stand_in.ResNetDomainNet126 = type('ResNetDomainNet126', (), {})
    if 'datasets.data_loading' not in sys.modules:
        stand_in = sys.modules['datasets.data_loading'] = types.ModuleType(
            'datasets.data_loading')
        stand_in.get_source_loader = _get_source_loader
    return getattr(importlib.import_module(module), name)


class UnitRangeLogitsModel(LogitsModel):
    """:class:`LogitsModel` on images in [0, 1], the library's input
    convention (its models normalise inside), which CoTTA's augmentations
    need: scaled back to 0..255 first."""

    def forward(self, x):
        return super().forward(x * 255)


class UnitRangeInputs(nn.Module):
    """A library method fed the runner's 0..255 batches divided by 255."""

    def __init__(self, method: nn.Module) -> None:
        super().__init__()
        self.method = method

    def forward(self, x):
        return self.method(x / 255)

    def reset(self) -> None:
        self.method.reset()


def fisher_source(config: str):
    """The ``dataloader`` and ``num_samples`` of the
    ``FisherImportanceHook`` in the mmda ``config``."""
    from mmengine.config import Config
    hooks = [
        h for h in Config.fromfile(config).get('custom_hooks', [])
        if getattr(h['type'], '__name__', h['type']) == 'FisherImportanceHook'
    ]
    if not hooks:
        raise ValueError(f'--fisher-config {config} has no '
                         'FisherImportanceHook in custom_hooks')
    return hooks[0]['dataloader'], hooks[0].get('num_samples')


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('peer_root', help=f'a checkout of {REPO}')
    parser.add_argument('--method', choices=sorted(METHODS), default='sar')
    parser.add_argument('--config', required=True)
    parser.add_argument('--checkpoint', required=True)
    parser.add_argument('--data-root', required=True)
    parser.add_argument(
        '--reset',
        choices=('per_domain', 'continual'),
        default=None,
        help='defaults to continual for cotta, per_domain otherwise')
    parser.add_argument(
        '--seed',
        type=int,
        default=0,
        help='torch.manual_seed before the first batch (CoTTA draws its '
        'augmentations and restoration masks from the global generator)')
    parser.add_argument('--severity', type=int, nargs='+', default=[5])
    parser.add_argument('--corruptions', nargs='+', default=None)
    parser.add_argument('--batch-size', type=int, default=200)
    parser.add_argument('--lr', type=float, default=None)
    parser.add_argument('--d-margin', type=float, default=None)
    parser.add_argument('--fisher-alpha', type=float, default=None)
    parser.add_argument(
        '--fisher-config',
        default=osp.join(
            osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))),
            'configs/test_time_adapt/eata_dtn_mnist5k_c.py'),
        help='EATA: the mmda config whose FisherImportanceHook gives the '
        'source data')
    parser.add_argument('--out', default=None, help='a JSON file to write')
    args = parser.parse_args(argv)
    args.reset = args.reset or ('continual'
                                if args.method == 'cotta' else 'per_domain')
    from mmda.utils.corruption_names import CORRUPTIONS
    cls = import_method(args.peer_root, args.method)
    overrides = {
        'TEST.BATCH_SIZE': args.batch_size,
        'OPTIM.LR': args.lr,
        'EATA.D_MARGIN': args.d_margin,
        'EATA.FISHER_ALPHA': args.fisher_alpha
    }
    cfg = library_cfg(args.method, **{
        k: v
        for k, v in overrides.items() if v is not None
    })
    classifier = build_classifier(args.config, args.checkpoint)
    model = (UnitRangeLogitsModel if args.method == 'cotta' else LogitsModel)(
        classifier)
    model.model_preprocess = None
    if args.method == 'eata':
        use_source_loader(*fisher_source(args.fisher_config))
    model = cls(cfg, model, classifier.head.num_classes)
    if args.method == 'cotta':
        model = UnitRangeInputs(model)
    torch.manual_seed(args.seed)
    errors = online_errors(model, args.data_root, args.corruptions
                           or list(CORRUPTIONS), args.severity, args.reset,
                           args.batch_size)
    return report(args, REPO, cfg.OPTIM.LR, errors)


if __name__ == '__main__':
    main()
