# Copyright (c) mmda contributors. All rights reserved.
"""Training-step time of each UDA method through mmda vs plain PyTorch.

For DANN, HAFN, SAFN, SHOT and SHOT-IM on the embedded digits (no
download), three paths train the same model (``MODELS.build`` of the
method's config, same seed) with the same batch sizes, optimiser and lr
policy:

* ``mmda``: the real Runner path, ``Runner.from_cfg`` on the config with
  its loop (``UDATrainLoop``, or ``ExactResumeIterLoop`` for SHOT), hooks,
  dataloaders, data preprocessor and ``model.train_step``.
* ``plain/mem``: a hand-written loop on pre-collated, normalised tensors
  held in memory (the lower bound: no data pipeline in the loop).
* ``plain/dl``: the same loop reading the same mmengine datasets (same
  pipeline) through a ``torch.utils.data.DataLoader`` with
  ``pseudo_collate``, stacking and normalising each batch itself. The
  ratio ``mmda / plain/dl`` is the framework's own overhead (Runner,
  hooks, preprocessor); ``mmda / plain/mem`` adds the per-sample pipeline.

The plain loop does what one ``train_step`` computes: the source
cross-entropy plus the ``model.da_losses`` on the neck output (one forward
over source and target joined, or one per domain, as
``model.domain_forward`` says; DANN's GRL lambda set each step), or, for
SHOT, the IM loss plus ``beta`` times the pseudo-label cross-entropy with
the frozen head. Its optimiser is the torch optimiser that the config's
``optim_wrapper`` builds (same parameter groups); the lr follows the
config's ``InverseDecayLR``, set by hand each step.

An iteration's time runs from the end of one step to the end of the next,
so it includes drawing the batch. The first ``--warmup`` iterations are
dropped, the paths are run in turn in each round (the order rotating) and
the median over rounds of each path's mean ms/iter is reported.

With ``--tllib PATH`` (a checkout of thuml/Transfer-Learning-Library),
DANN gets a fourth path, ``tllib``: tllib's own ``dann.py`` ``train``
function, driven as ``benchmarks/peers/tllib_dann_digits.py`` drives it
(runtime shims only) on the same embedded digits with the same batch
sizes, timed in the same rounds; ``mmda/tllib`` is then printed. Without
the option, or with a folder that is not such a checkout (the message says
which file is missing), the column is skipped. Pass ``--threads 1`` (and
``OMP_NUM_THREADS=1``) for the one-thread comparison.

SHOT's target stage starts from initial weights saved as a checkpoint
(step time does not depend on the weights) and runs one target epoch:
iteration 0, which holds the epoch-start pseudo-label pass, is within the
warm-up, so the timed steps exclude it in every path. The pass itself
(features of the whole target set, then ``shot_pseudo_labels``) is timed
apart: ``PseudoLabelHook.compute`` vs a plain pass (SHOT only: SHOT-IM has
no pseudo-labels).

Usage::

    python benchmarks/uda_step_time.py [--method {dann,hafn,safn,shot,
        shot-im,all}] [--iters 60] [--warmup 5] [--rounds 5]
        [--threads N] [--tllib PATH/TO/Transfer-Learning-Library]
"""
import argparse
import contextlib
import io
import math
import os
import os.path as osp
import statistics
import sys
import tempfile
import time
import uuid
from collections import namedtuple

import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.hooks import Hook
from mmengine.logging import MMLogger
from mmengine.optim import build_optim_wrapper
from mmengine.runner import Runner
from torch.utils.data import DataLoader

from mmda.engine.hooks import PseudoLabelHook
from mmda.engine.hooks.grl_lambda_hook import dann_lambda
from mmda.engine.schedulers import InverseDecayLR, inverse_decay_factor
from mmda.models.algorithms import shot_pseudo_labels
from mmda.models.losses.information_maximization_loss import \
    information_maximization_loss
from mmda.registry import DATASETS, MODELS
from mmda.utils import register_all_modules

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
PATHS = ('plain/mem', 'plain/dl', 'mmda')
PEER = 'tllib'  # the peer path, DANN only
PEER_TASK = 'uci2mnist5k'  # the task of METHODS['dann']'s config


def _features(model, x):
    """The neck output: the head's ``pre_logits``, where DA losses act."""
    return model.neck(model.backbone(x))[-1]


def uda_loss(model, batch, progress):
    """Source cross-entropy plus ``model.da_losses`` (HAFN, SAFN, DANN)."""
    (x_s, y_s, _), (x_t, _, _) = batch
    if getattr(model, 'domain_forward', 'joint') == 'separate':
        f_s, f_t = _features(model, x_s), _features(model, x_t)
    else:
        f_s, f_t = _features(model,
                             torch.cat([x_s, x_t])).split([len(x_s),
                                                           len(x_t)])
    loss = F.cross_entropy(model.head.fc(f_s), y_s)
    for da_loss in model.da_losses:
        assert getattr(da_loss, 'input_kind', 'features') == 'features'
        terms = da_loss(f_s, f_t)
        loss = loss + sum(v for k, v in terms.items() if 'loss' in k)
    return loss


def dann_loss(model, batch, progress):
    """``uda_loss`` with the GRL lambda of the config's ``GRLLambdaHook``
    set first (``model.grl_schedule``, see :func:`grl_schedule`)."""
    gamma, max_value, scale = model.grl_schedule
    model.da_losses[0].grl.coeff = dann_lambda(progress * scale, gamma,
                                               max_value)
    return uda_loss(model, batch, progress)


def grl_schedule(cfg, schedule):
    """``(gamma, max_value, scale)`` of the config's ``GRLLambdaHook``, where
    ``scale`` turns run progress into the hook's ``iter / horizon``."""
    for hook in cfg.get('custom_hooks', []):
        kind = hook['type']
        name = kind if isinstance(kind, str) else kind.__name__
        if name.split('.')[-1] == 'GRLLambdaHook':
            horizon = hook.get('horizon')
            return (hook.get('gamma', 10.0), hook.get('max_value', 1.0),
                    schedule / horizon if horizon else 1.0)
    return 10.0, 1.0, 1.0


def shot_loss(model, batch, progress):
    """SHOT's target step: IM loss + beta * pseudo-label cross-entropy."""
    ((x, _, idx), ) = batch
    logits = model.head.fc(_features(model, x))
    loss = model.im_weight * information_maximization_loss(
        logits.softmax(dim=1))
    if model.beta > 0:
        # the plain loop keeps the labels on the model (see plain_time)
        loss = loss + model.beta * F.cross_entropy(logits,
                                                   model.pseudo_labels[idx])
    return loss


METHODS = {
    'dann': ('configs/dann/dann_lenet_2k_digits_uci2mnist5k.py', dann_loss),
    'hafn': ('configs/afn/hafn_lenet_2k_digits_uci2mnist5k.py', uda_loss),
    'safn': ('configs/afn/safn_lenet_2k_digits_uci2mnist5k.py', uda_loss),
    'shot': ('configs/shot/shot_lenet_30e_digits_uci2mnist5k.py', shot_loss),
    'shot-im':
    ('configs/shot/shot_im_lenet_30e_digits_uci2mnist5k.py', shot_loss),
}


def _is_shot(cfg):
    """SHOT's target stage: one (target) loader, no UDA loop."""
    return cfg.get('target_dataloader') is None


def _label_loader_cfg(cfg):
    """SHOT's labelling pass (PseudoLabelHook's, if configured): the
    training set, in order."""
    for hook in cfg.custom_hooks:
        if hook['type'] in (PseudoLabelHook, 'PseudoLabelHook'):
            return cfg.train_dataloader
    return None


def _loader_cfgs(cfg):
    """The loaders one training iteration draws from, in the loop's order."""
    if _is_shot(cfg):
        return [cfg.train_dataloader]
    return [cfg.train_dataloader, cfg.target_dataloader]


def _datasets(cfg):
    """The training sets, in the loop's order, and SHOT's labelling set."""
    train = [DATASETS.build(c.dataset) for c in _loader_cfgs(cfg)]
    label_cfg = _label_loader_cfg(cfg)
    return train, label_cfg and DATASETS.build(label_cfg.dataset)


def _loader(dataset, batch_size, seed, shuffle=True):
    return DataLoader(
        dataset,
        batch_size=batch_size,
        shuffle=shuffle,
        drop_last=shuffle,  # constant batch size, as InfiniteSampler gives
        collate_fn=pseudo_collate,
        generator=torch.Generator().manual_seed(seed))


def _tensors(data, model, labelled=False):
    """(normalised images, labels or None, dataset indices) of a batch."""
    pre = model.data_preprocessor
    x = (torch.stack(data['inputs']).float() - pre.mean) / pre.std
    samples = data['data_samples']
    y = torch.cat([s.gt_label for s in samples]) if labelled else None
    return x, y, torch.tensor([s.sample_idx for s in samples])


def _cycle(loader):
    while True:
        yield from loader


def _iterations(cfg, iters, warmup, train_sets):
    """(iterations run, iterations of the lr schedule). SHOT: one epoch."""
    if not _is_shot(cfg):
        return warmup + iters, warmup + iters
    epoch = math.ceil(len(train_sets[0]) / cfg.train_dataloader.batch_size)
    return min(warmup + iters, epoch), epoch


@torch.no_grad()
def _plain_pseudo_labels(model, batches):
    model.eval()
    feats = [_features(model, x) for x, _, _ in batches]
    probs = [model.head.fc(f).softmax(dim=1) for f in feats]
    model.train()
    return shot_pseudo_labels(torch.cat(feats), torch.cat(probs))


def plain_time(job, in_memory):
    """Mean s/iter of the plain loop (and of its pseudo-label pass)."""
    cfg, seed = job.cfg, job.cfg.randomness.seed
    torch.manual_seed(seed)
    model = MODELS.build(cfg.model)
    model.grl_schedule = grl_schedule(cfg, job.schedule)
    model.init_weights()
    model.train()
    optimizer = build_optim_wrapper(model, cfg.optim_wrapper).optimizer
    (sched, ) = cfg.param_scheduler
    assert sched['type'] in (InverseDecayLR, 'InverseDecayLR')
    base_lrs = [group['lr'] for group in optimizer.param_groups]

    def prepared(batches):
        """Pre-collated (in memory) or drawn inside the timed loop."""
        return iter(list(batches)) if in_memory else batches

    label_time = None
    if job.label_set is not None:
        loader = _loader(job.label_set, job.batch_sizes[0], seed, False)
        batches = prepared(_tensors(data, model) for data in loader)
        start = time.perf_counter()
        model.pseudo_labels = _plain_pseudo_labels(model, batches)
        label_time = time.perf_counter() - start

    streams = [
        _cycle(_loader(dataset, batch_size, seed + i))
        for i, (dataset,
                batch_size) in enumerate(zip(job.train_sets, job.batch_sizes))
    ]
    # Only a UDA source batch is labelled (SHOT's are pseudo-labelled).
    labelled = [not _is_shot(cfg), False]
    steps = prepared(
        [_tensors(next(s), model, labelled[i]) for i, s in enumerate(streams)]
        for _ in range(job.total))
    times, last = [], time.perf_counter()
    for step in range(job.total):
        batch = next(steps)
        progress = step / job.schedule
        factor = inverse_decay_factor(progress, sched['alpha'], sched['beta'])
        for group, lr in zip(optimizer.param_groups, base_lrs):
            group['lr'] = lr * factor
        loss = job.loss_fn(model, batch, progress)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        now = time.perf_counter()
        times.append(now - last)
        last = now
    return statistics.mean(times[job.warmup:]), label_time


class _StepTimer(Hook):
    """Records the time between consecutive ``after_train_iter`` calls and
    stops training after ``total`` iterations."""

    priority = 'LOWEST'

    def __init__(self, total):
        self.total = total
        self.times = []

    def before_train(self, runner):
        self.last = time.perf_counter()

    def after_train_iter(self,
                         runner,
                         batch_idx,
                         data_batch=None,
                         outputs=None):
        now = time.perf_counter()
        self.times.append(now - self.last)
        self.last = now
        if len(self.times) == self.total:
            runner.train_loop.stop_training = True


@contextlib.contextmanager
def _quiet_stdout():
    """Silence file descriptor 1, where SHOT's progress bar writes."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, 'w') as null:
        os.dup2(null.fileno(), 1)
        try:
            yield
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)


def _initial_checkpoint(cfg, path):
    """Save the seeded initial weights for SHOT's ``load_from``."""
    torch.manual_seed(cfg.randomness.seed)
    model = MODELS.build(cfg.model)
    model.init_weights()
    torch.save(dict(state_dict=model.state_dict()), path)
    return path


def mmda_time(job, work_dir, load_from=None):
    """Mean s/iter through the Runner (and of its pseudo-label pass)."""
    cfg = job.cfg.copy()
    options = {
        'experiment_name': f'bench-{uuid.uuid4().hex[:8]}',
        'work_dir': work_dir,
        'default_hooks.logger.interval': 10**6,
        'default_hooks.checkpoint.interval': 10**6,
        'default_hooks.checkpoint.save_last': False,
        'log_level': 'ERROR',  # not mmengine's deprecation notes
        'val_cfg': None,
        'val_dataloader': None,
        'val_evaluator': None,
    }
    if _is_shot(cfg):
        options.update({'train_cfg.max_epochs': 1, 'load_from': load_from})
    else:
        options.update({
            'train_cfg.max_iters': job.total,
            'param_scheduler.0.end': job.schedule
        })
    cfg.merge_from_dict(options)
    runner = Runner.from_cfg(cfg)
    timer = _StepTimer(job.total)
    runner.register_hook(timer)
    label_times = []
    # Silence SHOT's progress bar and checkpoint messages.
    with _quiet_stdout() if _is_shot(cfg) else contextlib.nullcontext():
        for hook in runner.hooks:  # time the hook's own labelling pass
            if isinstance(hook, PseudoLabelHook):
                hook.compute = _timed(hook.compute, label_times)
        runner.train()
    assert len(timer.times) == job.total
    return (statistics.mean(timer.times[job.warmup:]),
            label_times[0] if label_times else None)


def _timed(fn, times):
    """``fn``, appending the duration of each call to ``times``."""

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        out = fn(*args, **kwargs)
        times.append(time.perf_counter() - start)
        return out

    return wrapper


def tllib_time(job, peer_root, arrays):
    """Mean s/iter of tllib's ``dann.py`` ``train`` on the same digits.

    tllib's loop has no per-iteration callback, so the scheduler's
    ``step`` (the last call of each iteration) is wrapped to stamp the
    end of each iteration; nothing else in the peer is changed.
    """
    from benchmarks.peers.tllib_dann_digits import TASKS, build_dann
    source, target, lr = TASKS[PEER_TASK]
    peer = build_dann(peer_root, source, target, lr, job.cfg.randomness.seed,
                      job.batch_sizes[0], arrays)
    stamps = []
    step = peer.lr_scheduler.step

    def timed_step(*args, **kwargs):
        step(*args, **kwargs)
        stamps.append(time.perf_counter())

    peer.lr_scheduler.step = timed_step
    stamps.append(time.perf_counter())
    with contextlib.redirect_stdout(io.StringIO()):  # its progress line
        peer.train(job.total)
    assert len(stamps) == job.total + 1
    times = [b - a for a, b in zip(stamps, stamps[1:])]
    return statistics.mean(times[job.warmup:]), None


def tllib_checkout(path):
    """The checked tllib root and the framed training arrays, or ``None``
    (with the reason printed) when the peer column cannot run."""
    if path is None:
        print(
            'tllib column skipped: pass --tllib PATH (a checkout of '
            'thuml/Transfer-Learning-Library) to time its dann.py',
            flush=True)
        return None
    if REPO not in sys.path:  # benchmarks.peers, when run as a script
        sys.path.insert(0, REPO)
    from benchmarks.peers.embedded_digits_arrays import embedded_digits_arrays
    from benchmarks.peers.peer_checkout import check_peer_checkout
    from benchmarks.peers.tllib_dann_digits import REPO as TLLIB
    from benchmarks.peers.tllib_dann_digits import REQUIRED, TASKS
    try:
        root = check_peer_checkout(path, TLLIB, REQUIRED)
    except FileNotFoundError as err:
        print(f'tllib column skipped: {err}', flush=True)
        return None
    arrays = {
        d: embedded_digits_arrays(d, 'train')
        for d in TASKS[PEER_TASK][:2]
    }
    return root, arrays


Job = namedtuple(
    'Job', 'cfg loss_fn train_sets label_set batch_sizes '
    'total schedule warmup')


def bench_method(name, args, work_dir, peer=None):
    """Time the paths of one method; return their medians (ms).

    ``peer``: ``(tllib root, arrays)`` to add the ``tllib`` path (DANN).
    """
    config, loss_fn = METHODS[name]
    cfg = Config.fromfile(osp.join(REPO, config))
    train_sets, label_set = _datasets(cfg)
    job = Job(cfg, loss_fn, train_sets, label_set,
              [c.batch_size for c in _loader_cfgs(cfg)],
              *_iterations(cfg, args.iters, args.warmup,
                           train_sets), args.warmup)
    load_from = None
    if _is_shot(cfg):
        assert args.warmup >= 1, 'SHOT needs --warmup >= 1 (labelling pass)'
        load_from = _initial_checkpoint(cfg, osp.join(work_dir, 'init.pth'))
    runs = {
        'plain/mem': lambda: plain_time(job, in_memory=True),
        'plain/dl': lambda: plain_time(job, in_memory=False),
        'mmda': lambda: mmda_time(job, work_dir, load_from),
    }
    paths = PATHS
    if peer is not None and name == 'dann':
        runs[PEER] = lambda: tllib_time(job, *peer)
        paths = PATHS + (PEER, )
    steps = {p: [] for p in paths}
    labels = {p: [] for p in paths}
    for r in range(args.rounds):
        for path in paths[r % len(paths):] + paths[:r % len(paths)]:
            step, label = runs[path]()
            steps[path].append(step * 1e3)
            if label is not None:
                labels[path].append(label * 1e3)
        print(
            f'{name} round {r}: ' + ', '.join(f'{p} {steps[p][-1]:.2f}'
                                              for p in paths) + ' ms/iter',
            flush=True)
    result = {p: statistics.median(steps[p]) for p in paths}
    result.update({
        f'label {p}': statistics.median(v)
        for p, v in labels.items() if v
    })
    peer_note = ''
    if PEER in result:
        per_round = ', '.join(f'{m / t:.3f}'
                              for m, t in zip(steps['mmda'], steps[PEER]))
        peer_note = (f', mmda/tllib {result["mmda"] / result[PEER]:.3f}x '
                     f'(rounds: {per_round})')
    print(
        f'{name}: batch {"+".join(map(str, job.batch_sizes))}, '
        f'{job.total - job.warmup} timed iterations; median '
        f'mmda/plain-mem {result["mmda"] / result["plain/mem"]:.3f}x, '
        f'mmda/plain-dl {result["mmda"] / result["plain/dl"]:.3f}x' +
        peer_note,
        flush=True)
    return result


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--method', choices=[*METHODS, 'all'], default='all')
    parser.add_argument(
        '--iters',
        type=int,
        default=60,
        help='timed iterations (SHOT: at most one epoch)')
    parser.add_argument('--warmup', type=int, default=5)
    parser.add_argument('--rounds', type=int, default=5)
    parser.add_argument(
        '--threads',
        type=int,
        default=None,
        help='torch.set_num_threads (default: torch\'s own)')
    parser.add_argument(
        '--tllib',
        metavar='PATH',
        default=None,
        help='checkout of thuml/Transfer-Learning-Library: adds DANN\'s '
        'tllib dann.py path')
    return parser.parse_args(argv)


def main(argv=None):
    """Run the benchmark; return ``{method: {path: ms}}``."""
    args = parse_args(argv)
    register_all_modules(init_default_scope=False)
    # The current logger until the first Runner's: quiet init_weights.
    MMLogger.get_instance('uda_step_time', log_level='WARNING')
    names = list(METHODS) if args.method == 'all' else [args.method]
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    peer = tllib_checkout(args.tllib) if 'dann' in names else None
    print(
        f'torch threads {torch.get_num_threads()}, warm-up '
        f'{args.warmup}, up to {args.iters} timed iterations, '
        f'{args.rounds} rounds (paths alternate within each); ms/iter = '
        'mean over a round, median over rounds',
        flush=True)
    with tempfile.TemporaryDirectory() as work_dir:
        results = {n: bench_method(n, args, work_dir, peer) for n in names}
    print('\nmethod   plain/mem  plain/dl      mmda  mmda/mem  mmda/dl'
          '     tllib  mmda/tllib   (ms/iter; target mmda/plain <= 1.10x)')
    for name, res in results.items():
        mem, dl, mmda = (res[p] for p in PATHS)
        peer_cols = (f'{res[PEER]:10.2f}{mmda / res[PEER]:11.3f}x'
                     if PEER in res else f'{"-":>10}{"-":>12}')
        print(f'{name:<8}{mem:10.2f}{dl:10.2f}{mmda:10.2f}'
              f'{mmda / mem:9.3f}x{mmda / dl:8.3f}x{peer_cols}')
    for name, res in results.items():
        if 'label mmda' in res:
            print(f'{name} pseudo-label pass: ' +
                  ', '.join(f'{p} {res["label " + p]:.0f} ms' for p in PATHS))
    return results


if __name__ == '__main__':
    main()
