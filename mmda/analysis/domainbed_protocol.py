# Copyright (c) mmda contributors. All rights reserved.
"""DomainBed's protocol (Gulrajani & Lopez-Paz, ICLR 2021): its random
hyper-parameter search, its model-selection rules, and its results table.

A sweep trains every (method, held-out domain, hyper-parameter draw,
trial) and records, at every validation, three accuracies:

* ``val``: the training domains' held-out ``out`` data (DomainBed's
  ``env{i}_out_acc`` of the training environments);
* ``oracle``: the held-out domain's ``out`` data; it is **only** used by
  the test-domain (oracle) rule, which DomainBed reports as an upper bound
  and labels as such;
* ``test``: the held-out domain's ``in`` data, the number reported.

:func:`select` then picks one record per (method, held-out domain, trial)
by a rule, and :func:`results_table` prints DomainBed's table: a row per
method, a column per held-out domain and their average, each cell the
mean over trials with its standard error.
"""
import copy
import glob
import math
import os.path as osp
from typing import Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

import numpy as np
from mmengine.config import Config

from mmda.datasets.digits.environment_mnist import seed_hash
from .hparam_sweep import read_validations

#: name -> (default, draw from a NumPy RandomState): DomainBed's
#: ``hparams_registry`` for its small images (Rotated / Colored MNIST),
#: the entries every algorithm has.
Space = Dict[str, Tuple[object, Callable[[np.random.RandomState], object]]]
COMMON_SPACE: Space = {
    'lr': (1e-3, lambda r: 10**r.uniform(-4.5, -2.5)),
    'weight_decay': (0., lambda r: 0.),
    'batch_size': (64, lambda r: int(2**r.uniform(3, 9))),
}
#: mmda method -> its own entries (DomainBed's names).
METHOD_SPACES: Dict[str, Space] = {
    'erm': {},
    'coral': {
        'mmd_gamma': (1., lambda r: 10**r.uniform(-1, 1))
    },
    'mmd': {
        'mmd_gamma': (1., lambda r: 10**r.uniform(-1, 1))
    },
    'irm': {
        'irm_lambda': (1e2, lambda r: 10**r.uniform(-1, 5)),
        'irm_penalty_anneal_iters': (500, lambda r: int(10**r.uniform(0, 4))),
    },
    'vrex': {
        'vrex_lambda': (1e1, lambda r: 10**r.uniform(-1, 5)),
        'vrex_penalty_anneal_iters': (500, lambda r: int(10**r.uniform(0, 4))),
    },
    'mixup': {
        'mixup_alpha': (0.2, lambda r: 10**r.uniform(-1, 1))
    },
    'groupdro': {
        'groupdro_eta': (1e-2, lambda r: 10**r.uniform(-3, -1))
    },
    # Not DomainBed algorithms: their layers keep the papers' settings, and
    # the search draws the common entries.
    'mixstyle': {},
    'dsu': {},
}
#: The rules of :func:`select`.
RULES = ('training_domain', 'oracle', 'last')
#: DomainBed's names of the datasets and algorithms, which its sweep hashes
#: into each run's seed.
DATASET_NAMES = dict(
    rotated_mnist='RotatedMNIST', colored_mnist='ColoredMNIST')
ALGORITHM_NAMES = dict(
    erm='ERM',
    coral='CORAL',
    mmd='MMD',
    irm='IRM',
    vrex='VREx',
    mixup='Mixup',
    groupdro='GroupDRO',
    mixstyle='MixStyle',
    dsu='DSU')
#: The prefixes of the three accuracies each validation records.
VAL, ORACLE, TEST = 'val', 'oracle_test_domain_out', 'test_domain_in'


def draw_hparams(method: str, hparams_seed: int,
                 trial_seed: int) -> Dict[str, object]:
    """One hyper-parameter draw, as DomainBed's ``train.py`` makes it.

    Draw 0 is the defaults. Draw ``h > 0`` seeds each entry's own
    ``RandomState`` with ``seed_hash(seed_hash(h, trial_seed), name)``, so
    the values equal DomainBed's ``random_hparams`` for the same
    ``--hparams_seed`` and ``--trial_seed``.

    Args:
        method (str): A key of :data:`METHOD_SPACES`.
        hparams_seed (int): The draw; 0 gives the defaults.
        trial_seed (int): The trial (DomainBed's ``--trial_seed``).

    Returns:
        dict: DomainBed's names -> values.
    """
    if method not in METHOD_SPACES:
        raise KeyError(f'no DomainBed search space for method {method!r}; '
                       f'known: {sorted(METHOD_SPACES)}')
    space = {**METHOD_SPACES[method], **COMMON_SPACE}
    if hparams_seed == 0:
        return {name: default for name, (default, _) in space.items()}
    seed = seed_hash(hparams_seed, trial_seed)
    return {
        name: draw(np.random.RandomState(seed_hash(seed, name)))
        for name, (_, draw) in space.items()
    }


def run_seed(dataset: str, method: str, held_out_index: int, hparams_seed: int,
             trial_seed: int) -> int:
    """A run's training seed, as DomainBed's ``sweep.py`` derives it:
    ``seed_hash(dataset, algorithm, test_envs, hparams_seed, trial_seed)``
    with DomainBed's names, so that a run and DomainBed's run of the same
    sweep cell build the same environments."""
    return seed_hash(
        DATASET_NAMES.get(dataset,
                          dataset), ALGORITHM_NAMES.get(method, method),
        [held_out_index], hparams_seed, trial_seed)


def _model(cfg: Config) -> dict:
    """The classifier's config (inside ``PluggedModel`` if wrapped)."""
    return cfg.model.get('model', cfg.model)


def _only_dg_loss(cfg: Config, name: str) -> dict:
    losses = _model(cfg).get('dg_losses') or []
    if len(losses) != 1:
        raise ValueError(f'the search entry {name!r} sets model.dg_losses[0], '
                         f'but the config has {len(losses)} DG losses')
    return losses[0]


def _anneal_hook(cfg: Config, name: str) -> dict:
    hooks = [
        h for h in cfg.get('custom_hooks', [])
        if getattr(h['type'], '__name__', h['type']).rsplit('.', 1)[-1] ==
        'PenaltyAnnealHook'
    ]
    if len(hooks) != 1:
        raise ValueError(f'the search entry {name!r} sets the '
                         'PenaltyAnnealHook of custom_hooks, but the config '
                         f'has {len(hooks)}')
    return hooks[0]


def apply_hparams(cfg: Config, hparams: Dict[str, object]) -> None:
    """Set DomainBed's hyper-parameters on a DomainBed-protocol leaf.

    ``batch_size`` is per domain, as DomainBed's; the loader's batch is
    that times the number of training domains.

    Raises:
        KeyError: naming an entry with no place in mmda's configs.
    """
    model = _model(cfg)
    for name, value in hparams.items():
        if name == 'lr':
            cfg.optim_wrapper.optimizer.lr = value
        elif name == 'weight_decay':
            cfg.optim_wrapper.optimizer.weight_decay = value
        elif name == 'batch_size':
            loader = cfg.train_dataloader
            domains = loader.batch_size // loader.sampler.per_domain
            loader.sampler.per_domain = value
            loader.batch_size = value * domains
        elif name in ('mmd_gamma', 'irm_lambda', 'vrex_lambda'):
            _only_dg_loss(cfg, name)['weight'] = value
        elif name == 'groupdro_eta':
            _only_dg_loss(cfg, name)['eta'] = value
        elif name in ('irm_penalty_anneal_iters', 'vrex_penalty_anneal_iters'):
            _anneal_hook(cfg, name)['anneal_iters'] = value
        elif name == 'mixup_alpha':
            model.data_preprocessor['mixup_alpha'] = value
        else:
            raise KeyError(f'no mmda config key for the search entry '
                           f'{name!r}')


def sweep_config(cfg: Config, trial_seed: int) -> Config:
    """A leaf's config made into one sweep run: the data split of
    ``trial_seed``, and the three accuracies of DomainBed's records at every
    validation, by iteration (:data:`VAL`, :data:`ORACLE`, :data:`TEST`).
    The oracle and test accuracies are recorded, never used by the run
    itself: only the last checkpoint is kept.
    """
    cfg = copy.deepcopy(cfg)
    for loader in (cfg.train_dataloader, cfg.val_dataloader):
        loader.dataset.dataset['trial_seed'] = trial_seed
    cfg.test_dataloader.dataset['trial_seed'] = trial_seed
    test = cfg.test_dataloader
    oracle = copy.deepcopy(test)
    oracle.dataset['split'] = 'out'
    cfg.val_cfg = dict(
        type='mmda.MultiValLoop',
        prefix=VAL,
        evaluations=[
            dict(
                prefix=ORACLE,
                dataloader=oracle,
                evaluator=cfg.test_evaluator,
                keep_labels=True),
            dict(
                prefix=TEST,
                dataloader=test,
                evaluator=cfg.test_evaluator,
                keep_labels=True)
        ])
    cfg.default_hooks.checkpoint.update(
        save_best=None, interval=cfg.train_cfg.max_iters, max_keep_ckpts=1)
    cfg.default_hooks.logger['log_metric_by_epoch'] = False
    return cfg


def read_records(run_dir: str) -> List['Record']:
    """The validation records of the newest training log under
    ``run_dir`` (``<timestamp>/vis_data/scalars.json``), in %."""
    logs = sorted(
        glob.glob(osp.join(run_dir, '*', 'vis_data', 'scalars.json')))
    if not logs:
        raise FileNotFoundError(f'{run_dir}: no */vis_data/scalars.json')
    key = 'accuracy/top1'
    records = []
    for r in read_validations(logs[-1]):
        missing = [
            f'{p}/{key}' for p in (VAL, ORACLE, TEST) if f'{p}/{key}' not in r
        ]
        if missing:
            raise KeyError(f'{logs[-1]}: a validation at step {r["step"]} '
                           f'lacks {missing}; was it run by the sweep?')
        records.append(
            Record(r['step'], r[f'{VAL}/{key}'], r[f'{ORACLE}/{key}'],
                   r[f'{TEST}/{key}']))
    return records


class Record(NamedTuple):
    """One validation of one run."""
    step: int
    val: float
    oracle: float
    test: float


class Run(NamedTuple):
    """One trained (method, held-out domain, draw, trial)."""
    method: str
    held_out: str
    hparams_seed: int
    trial_seed: int
    records: Sequence[Record]


def choose_record(records: Sequence[Record], rule: str) -> Record:
    """The record of one run that a rule brings forward, and whose score
    compares the run with the other draws (``val`` for
    ``'training_domain'`` and ``'last'``, ``oracle`` for ``'oracle'``).

    ``'training_domain'``: the best ``val``, the first of equal ones
    (DomainBed's ``np.argmax``); ``'oracle'`` and ``'last'``: the last
    record (DomainBed's ``OracleSelectionMethod`` allows no early
    stopping).
    """
    if rule == 'training_domain':
        return max(records, key=lambda r: (r.val, -r.step))
    return max(records, key=lambda r: r.step)


def _run_choice(run: Run, rule: str) -> Tuple[float, float]:
    """(the score that compares this run with the other draws, the test
    accuracy it brings)."""
    chosen = choose_record(run.records, rule)
    return (chosen.oracle if rule == 'oracle' else chosen.val), chosen.test


def select(runs: Sequence[Run],
           rule: str) -> Dict[Tuple[str, str, int], float]:
    """The test accuracy each rule reports per (method, held-out domain,
    trial).

    * ``'training_domain'``: within a run, the validation with the best
      ``val``; across draws, the run whose best ``val`` is highest
      (DomainBed's ``IIDAccuracySelectionMethod``).
    * ``'oracle'``: each run's last record; across draws, the highest
      held-out ``out`` accuracy (``OracleSelectionMethod``: it looks at
      the test domain, so it is an upper bound, not a result).
    * ``'last'``: each run's last record; across draws, the highest
      ``val`` there.

    Args:
        runs (Sequence[Run]): The sweep's runs.
        rule (str): One of :data:`RULES`.

    Returns:
        dict: ``(method, held_out, trial_seed)`` -> test accuracy.
    """
    if rule not in RULES:
        raise ValueError(f'unknown selection rule {rule!r}; one of {RULES}')
    best: Dict[Tuple[str, str, int], Tuple[float, int, float]] = {}
    for run in runs:
        if not run.records:
            raise ValueError(
                f'run {run.method}/{run.held_out}/hparams{run.hparams_seed}'
                f'/trial{run.trial_seed} has no validation record')
        score, test = _run_choice(run, rule)
        key = (run.method, run.held_out, run.trial_seed)
        # ties go to the first draw, as DomainBed's argmax over its sorted
        # records
        candidate = (score, -run.hparams_seed, test)
        if key not in best or candidate[:2] > best[key][:2]:
            best[key] = candidate
    return {key: value[2] for key, value in best.items()}


def mean_and_error(values: Sequence[float]) -> Tuple[float, float]:
    """DomainBed's ``format_mean``: the mean and its standard error
    ``std / sqrt(n)`` (NumPy's population std), in the values' units."""
    data = np.asarray(values, dtype=float)
    return float(data.mean()), float(data.std() / math.sqrt(len(data)))


def results_table(selected: Dict[Tuple[str, str, int], float],
                  held_outs: Sequence[str],
                  title: str,
                  methods: Optional[Sequence[str]] = None) -> str:
    """DomainBed's results table in Markdown: ``mean +/- SE`` over trials
    for each method (rows) and held-out domain (columns), and ``Avg``, the
    mean of the domain means (``X`` where a domain has no run).

    Args:
        selected (dict): :func:`select`'s output (accuracies in %).
        held_outs (Sequence[str]): The column order.
        title (str): The table's caption line.
        methods (Sequence[str], optional): The row order. Defaults to the
            methods of ``selected`` in sorted order.

    Returns:
        str: The table.
    """
    if methods is None:
        methods = sorted({m for m, _, _ in selected})
    lines = [
        f'**{title}**', '',
        '| Algorithm | ' + ' | '.join(held_outs) + ' | Avg |',
        '|---' * (len(held_outs) + 2) + '|'
    ]
    for method in methods:
        cells: List[str] = []
        means: List[float] = []
        for domain in held_outs:
            values = [
                v for (m, d, _), v in sorted(selected.items())
                if m == method and d == domain
            ]
            if not values:
                cells.append('X')
                continue
            mean, err = mean_and_error(values)
            means.append(mean)
            cells.append(f'{mean:.1f} +/- {err:.1f}')
        avg = (f'{sum(means) / len(means):.1f}'
               if len(means) == len(held_outs) else 'X')
        lines.append(f'| {method} | ' + ' | '.join(cells) + f' | {avg} |')
    return '\n'.join(lines)
