# Copyright (c) mmda contributors. All rights reserved.
"""How well do validators choose checkpoints and hyper-parameters?

A sweep trains one config over a grid of hyper-parameters and seeds,
validating every few iterations on the unlabelled target training split
(the validators), on the labelled source validation split, and, **for this
measurement only**, on the labelled target test split (the "oracle").
Every validation of every run is a *point*. Per validator this module
reports:

* the Spearman rank correlation, over all points, between the validator
  (signed so that higher is better) and the target test accuracy;
* the target test accuracy of the point the validator picks, per seed
  among that seed's grid runs and checkpoints, averaged over seeds; next
  to the oracle's pick (best target test accuracy: a reference that no
  method may use), the source-validation pick and the last checkpoint of
  the default hyper-parameters.
"""
import itertools
import json
import math
import os.path as osp
from collections import OrderedDict
from typing import Dict, List, NamedTuple, Optional, Sequence

import numpy as np
from scipy.stats import spearmanr

#: Metric prefix of the labelled target test split in a sweep's logs.
ORACLE_PREFIX = 'oracle_target_test'


class SweepPoint(NamedTuple):
    """One validation of one run.

    Attributes:
        run (str): The run's name (its work dir's base name).
        seed (int): Its seed.
        params (tuple): Its hyper-parameters as sorted ``(key, value)``.
        step (int): The iteration validated.
        scores (dict): Every metric logged at this validation.
    """
    run: str
    seed: int
    params: tuple
    step: int
    scores: Dict[str, float]


def parameter_grid(grid: Dict[str, Sequence]) -> List[Dict]:
    """All combinations of ``{key: values}``, in order, as dicts."""
    keys = list(grid)
    return [
        dict(zip(keys, values))
        for values in itertools.product(*(grid[k] for k in keys))
    ]


def run_name(params: Dict, seed: int) -> str:
    """A work-dir name for one run, e.g. ``lr0.01_w1.0_seed0``."""
    parts = [f'{k.split(".")[-1]}{v}' for k, v in params.items()]
    return '_'.join(parts + [f'seed{seed}'])


def read_validations(scalars_json: str) -> List[Dict[str, float]]:
    """The validation records of an mmengine ``vis_data/scalars.json``
    (those without a learning rate), each with its ``step``.

    The run must log validation by iteration
    (``LoggerHook(log_metric_by_epoch=False)``), so that ``step`` is the
    iteration validated.
    """
    records = []
    with open(scalars_json) as f:
        for line in f:
            record = json.loads(line)
            if 'lr' not in record and 'loss' not in record:
                records.append(record)
    steps = [r['step'] for r in records]
    if len(set(steps)) != len(steps):
        raise ValueError(
            f'{scalars_json}: validations share steps {steps}; log them '
            'by iteration (LoggerHook(log_metric_by_epoch=False))')
    return records


def _signed(point: SweepPoint, key: str, rule: str) -> float:
    value = point.scores[key]
    return value if rule == 'greater' else -value


def spearman(points: Sequence[SweepPoint], key: str, rule: str,
             target_key: str) -> float:
    """Spearman's rho between ``key`` (signed by ``rule``: positive means
    the validator ranks points as the target accuracy does) and
    ``target_key`` over ``points``; NaN if either is constant."""
    x = [_signed(p, key, rule) for p in points]
    y = [p.scores[target_key] for p in points]
    if len(set(x)) < 2 or len(set(y)) < 2:
        return float('nan')
    return float(spearmanr(x, y).statistic)


def pick(points: Sequence[SweepPoint], key: str, rule: str) -> SweepPoint:
    """The point ``key`` ranks best (earliest on ties)."""
    return max(points, key=lambda p: (_signed(p, key, rule), -p.step))


def selection_table(points: Sequence[SweepPoint],
                    validators: Dict[str, str],
                    target_key: str,
                    source_key: Optional[str],
                    default_params: Optional[Dict] = None) -> List[Dict]:
    """Rows ``dict(selector, spearman, picked, picked_per_seed)``.

    Args:
        points (Sequence[SweepPoint]): All validations of all runs.
        validators (dict): ``{metric key: 'greater' | 'less'}``.
        target_key (str): The target test accuracy (reference only).
        source_key (str, optional): The source validation accuracy.
        default_params (dict, optional): The paper's hyper-parameters; a
            row reports the last checkpoint of those runs.
    """
    seeds = sorted({p.seed for p in points})
    by_seed = {s: [p for p in points if p.seed == s] for s in seeds}

    def row(name, key, rule, with_rho=True):
        picked = [
            pick(by_seed[s], key, rule).scores[target_key] for s in seeds
        ]
        return OrderedDict(
            selector=name,
            spearman=spearman(points, key, rule, target_key)
            if with_rho else float('nan'),
            picked=float(np.mean(picked)),
            picked_per_seed=picked)

    rows = [row(k, k, r) for k, r in validators.items()]
    if source_key is not None:
        rows.append(row(f'{source_key} (source val.)', source_key, 'greater'))
    if default_params is not None:
        wanted = tuple(sorted((k, v) for k, v in default_params.items()))
        last = []
        for s in seeds:
            runs = [p for p in by_seed[s] if p.params == wanted]
            if not runs:
                raise ValueError(
                    f'no run of seed {s} has the default parameters '
                    f'{default_params}; the grid must contain them')
            last.append(max(runs, key=lambda p: p.step).scores[target_key])
        rows.append(
            OrderedDict(
                selector='last checkpoint, default hyper-parameters',
                spearman=float('nan'),
                picked=float(np.mean(last)),
                picked_per_seed=last))
    oracle = row(
        f'{target_key} (oracle, reference only)',
        target_key,
        'greater',
        with_rho=False)
    rows.append(oracle)
    return rows


def format_table(title: str, rows: Sequence[Dict]) -> str:
    """A Markdown table of :func:`selection_table`'s rows."""

    def num(v, fmt):
        return '-' if v is None or (isinstance(v, float)
                                    and math.isnan(v)) else format(v, fmt)

    lines = [
        f'**{title}**', '',
        '| selector | Spearman ρ | target acc. of pick (per seed) |',
        '|---|---:|---:|'
    ]
    for r in rows:
        per_seed = ', '.join(f'{v:.2f}' for v in r['picked_per_seed'])
        lines.append(f'| {r["selector"]} | {num(r["spearman"], "+.3f")} | '
                     f'{r["picked"]:.2f} ({per_seed}) |')
    return '\n'.join(lines)


def load_points(run_dir: str, seed: int, params: Dict) -> List[SweepPoint]:
    """The :class:`SweepPoint`\\ s of one finished run's work dir."""
    import glob
    logs = sorted(
        glob.glob(osp.join(run_dir, '*', 'vis_data', 'scalars.json')))
    if not logs:
        raise FileNotFoundError(f'{run_dir}: no */vis_data/scalars.json')
    name = osp.basename(osp.normpath(run_dir))
    key = tuple(sorted(params.items()))
    return [
        SweepPoint(name, seed, key, int(r['step']), {
            k: float(v)
            for k, v in r.items() if k != 'step'
        }) for r in read_validations(logs[-1])
    ]
