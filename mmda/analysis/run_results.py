# Copyright (c) mmda contributors. All rights reserved.
"""Find mmengine runs under work dirs and read one metric of each.

Convention (what ``tools/train.py`` and ``tools/test.py`` leave behind):

* **Run.** A folder holding the config that mmengine dumps into the work
  dir, ``<config name>.py``, next to timestamped folders ``YYYYMMDD_HHMMSS``.
  Runs are searched recursively under each given work dir.
* **Method and task.** Read from the config name, which follows
  ``{method}_{backbone}_{schedule}_{dataset}_{task}`` (an importable module
  name, so every part is joined by ``_``):
  ``dann_lenet_2k_digits_uci2mnist5k`` is method ``dann`` on dataset
  ``digits``, task ``uci2mnist5k`` (for DG configs the task is the target).
  The schedule token (``2k``, ``30e``, ``500i``) separates the method and
  backbone from the dataset and task; a multi-word method is shown with
  ``-`` (``shot_im`` -> ``shot-im``), and a multi-word dataset is one of
  :data:`DATASETS`.
* **Seed.** ``randomness.seed`` of the *training* config, i.e. the
  ``vis_data/config.py`` of the timestamped folder whose
  ``vis_data/scalars.json`` holds training iterations. The dump at the top
  of the work dir is not used for this, because ``tools/test.py``
  overwrites it with its own settings.
* **Metric.** For ``split='test'`` (target test split): the run's
  ``target_test_metrics.json`` (``tools/test.py --out-metrics`` and
  ``demo/uda_digits_demo.py`` write it) or else the newest test log
  ``<timestamp>/<timestamp>.json`` that ``tools/test.py`` leaves. For
  ``split='val'`` (source validation split): the last value logged during
  training in ``vis_data/scalars.json``.
"""
import glob
import json
import os
import os.path as osp
import re
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from mmengine.config import Config

#: The metrics file ``tools/test.py --out-metrics`` writes by convention.
METRICS_FILE = 'target_test_metrics.json'
TIMESTAMP = re.compile(r'^\d{8}_\d{6}$')
CONFIG_NAME = re.compile(
    r'^(?P<method>[a-z][a-z0-9_]*?)_(?P<backbone>[a-z]+\d*(?:_\d+)?)_'
    r'(?P<schedule>\d+[a-z]+)_(?P<rest>[a-z0-9_]+)$')
#: Dataset tokens of mmda's config names that hold a ``_`` themselves.
DATASETS = ('office_home', 'image_clef')


class RunResult(NamedTuple):
    """One run's metric.

    Attributes:
        run_dir (str): The work dir of the run.
        method (str): From the config name, e.g. ``'dann'``.
        dataset (str): From the config name, e.g. ``'digits'``.
        task (str): From the config name, e.g. ``'uci2mnist5k'``.
        seed (int | None): ``randomness.seed`` of the training config.
        value (float): The metric.
        source (str): The file the metric was read from.
    """
    run_dir: str
    method: str
    dataset: str
    task: str
    seed: Optional[int]
    value: float
    source: str


class NoRunsError(FileNotFoundError):
    """No usable run was found under the given work dirs."""


def parse_config_name(name: str) -> Optional[Tuple[str, str, str]]:
    """``(method, dataset, task)`` of an OpenMMLab-style config name, or
    ``None`` if the name does not follow the scheme."""
    match = CONFIG_NAME.match(name)
    if match is None:
        return None
    rest = match.group('rest')
    dataset = next((d for d in DATASETS if rest.startswith(d + '_')),
                   rest.split('_', 1)[0])
    task = rest[len(dataset) + 1:]
    if not task:
        return None
    return match.group('method').replace('_', '-'), dataset, task


def _timestamps(run_dir: str) -> List[str]:
    # Sorted oldest first: the names are the start times.
    return sorted(
        osp.join(run_dir, d) for d in os.listdir(run_dir)
        if TIMESTAMP.match(d) and osp.isdir(osp.join(run_dir, d)))


def _dumped_configs(folder: str) -> List[str]:
    return sorted(glob.glob(osp.join(folder, '*.py')))


def find_run_dirs(work_dir: str) -> List[str]:
    """Folders under ``work_dir`` (itself included) that look like runs:
    a dumped ``*.py`` config next to at least one timestamped folder."""
    runs = []
    for folder, subdirs, _ in os.walk(work_dir):
        subdirs.sort()
        if any(TIMESTAMP.match(d) for d in subdirs) and \
                _dumped_configs(folder):
            runs.append(folder)
            # A run's own subfolders (timestamps, analysis output) hold no
            # further runs.
            subdirs[:] = []
    return runs


def _read_records(path: str) -> List[dict]:
    records = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                records.append(json.loads(line))
    return records


def _training_timestamp(run_dir: str) -> Optional[str]:
    """The newest timestamped folder whose scalars hold training
    iterations."""
    for stamp in reversed(_timestamps(run_dir)):
        scalars = osp.join(stamp, 'vis_data', 'scalars.json')
        if osp.isfile(scalars) and any('iter' in r and 'loss' in r
                                       for r in _read_records(scalars)):
            return stamp
    return None


def _seed_of(stamp: str) -> Optional[int]:
    config = osp.join(stamp, 'vis_data', 'config.py')
    if not osp.isfile(config):
        return None
    seed = Config.fromfile(config).get('randomness', {}).get('seed')
    return None if seed is None else int(seed)


def _test_metric(run_dir: str, metric: str) -> Optional[Tuple[float, str]]:
    candidates = [osp.join(run_dir, METRICS_FILE)] + [
        osp.join(stamp, f'{osp.basename(stamp)}.json')
        for stamp in reversed(_timestamps(run_dir))
    ]
    for path in candidates:
        if not osp.isfile(path):
            continue
        with open(path) as f:
            metrics = json.load(f)
        if metric in metrics:
            return float(metrics[metric]), path
    return None


def _val_metric(stamp: Optional[str],
                metric: str) -> Optional[Tuple[float, str]]:
    if stamp is None:
        return None
    path = osp.join(stamp, 'vis_data', 'scalars.json')
    values = [r[metric] for r in _read_records(path) if metric in r]
    return (float(values[-1]), path) if values else None


def read_run(run_dir: str,
             metric: str = 'accuracy/top1',
             split: str = 'test') -> RunResult:
    """Read one run's method, task, seed and metric.

    Args:
        run_dir (str): A folder found by :func:`find_run_dirs`.
        metric (str): Metric key, e.g. ``'accuracy/top1'``.
        split (str): ``'test'`` (target test split) or ``'val'`` (the
            validation split logged during training).

    Returns:
        RunResult: The run's result.

    Raises:
        ValueError: If the config name does not follow the naming scheme,
            there are several dumped configs, or the metric is absent.
    """
    if split not in ('test', 'val'):
        raise ValueError(f'split must be "test" or "val", got {split!r}')
    configs = _dumped_configs(run_dir)
    if len(configs) != 1:
        raise ValueError(
            f'{run_dir}: expected one dumped config (*.py), found '
            f'{[osp.basename(c) for c in configs]}')
    name = osp.splitext(osp.basename(configs[0]))[0]
    parsed = parse_config_name(name)
    if parsed is None:
        raise ValueError(
            f'{run_dir}: config name {name!r} does not follow '
            '{method}_{backbone}_{schedule}_{dataset}_{task}, so its method '
            'and task are unknown')
    train_stamp = _training_timestamp(run_dir)
    seed = _seed_of(train_stamp) if train_stamp else None
    found = (
        _test_metric(run_dir, metric) if split == 'test' else _val_metric(
            train_stamp, metric))
    if found is None:
        hint = (f'test it with tools/test.py CONFIG CHECKPOINT --work-dir '
                f'{run_dir} --out-metrics {osp.join(run_dir, METRICS_FILE)}'
                if split == 'test' else 'was validation switched off?')
        raise ValueError(f'{run_dir}: no {split} value of {metric!r}; '
                         f'{hint}')
    value, source = found
    return RunResult(run_dir, *parsed, seed, value, source)


def collect_runs(
        work_dirs: Sequence[str],
        metric: str = 'accuracy/top1',
        split: str = 'test') -> Tuple[List[RunResult], Dict[str, str]]:
    """Read every run under the work dirs.

    Args:
        work_dirs (Sequence[str]): Folders to search.
        metric (str): Metric key.
        split (str): ``'test'`` or ``'val'``, see :func:`read_run`.

    Returns:
        tuple[list[RunResult], dict[str, str]]: The runs read, and the runs
        skipped with the reason.

    Raises:
        NoRunsError: If a work dir does not exist or no run could be read.
        ValueError: If two runs share method, task and seed.
    """
    run_dirs = []
    for work_dir in work_dirs:
        if not osp.isdir(work_dir):
            raise NoRunsError(f'work dir {work_dir!r} does not exist')
        run_dirs.extend(find_run_dirs(work_dir))
    if not run_dirs:
        raise NoRunsError(
            f'no runs found under {", ".join(work_dirs)}: a run is a folder '
            'with the config mmengine dumps (<config name>.py) next to '
            'timestamped log folders, as tools/train.py --work-dir DIR '
            'leaves it')
    results, skipped = [], {}
    for run_dir in run_dirs:
        try:
            results.append(read_run(run_dir, metric, split))
        except ValueError as e:
            skipped[run_dir] = str(e)
    if not results:
        raise NoRunsError('no run has a readable result:\n' +
                          '\n'.join(skipped.values()))
    seen: Dict[tuple, str] = {}
    for r in results:
        key = (r.method, r.dataset, r.task, r.seed)
        if r.seed is not None and key in seen:
            raise ValueError(
                f'two runs of {r.method} on {r.dataset}-{r.task} with seed '
                f'{r.seed}: {seen[key]} and {r.run_dir}; pass work dirs that '
                'hold each seed once')
        seen[key] = r.run_dir
    return results, skipped
