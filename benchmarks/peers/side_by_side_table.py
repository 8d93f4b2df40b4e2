# Copyright (c) mmda contributors. All rights reserved.
"""Write the markdown side-by-side table from the runs' result files.

mmda's side: the ``--out`` JSON files of ``tools/multi_seed.py`` (one or
more seeds each). The peer's side: the ``result.json`` files the runners
in this folder write; a result's ``method`` key names its row's method
(so one peer can supply several), else ``PEER_METHOD`` of its ``peer``.
Rows are (method, task); a cell lists the mean ± std (sample std; '-'
with one seed) and the per-seed values in seed order.

Example::

    python benchmarks/peers/side_by_side_table.py \\
        --mmda 'work_dirs/fidelity/*.json' \\
        --peer 'work_dirs/peers/**/result.json'
"""
import argparse
import glob
import json
import os.path as osp
import re
import statistics
from collections import defaultdict
from typing import Dict, List, Tuple

# config name -> (method, task)
# (today's importable names, and the dashed ones of runs made before)
CONFIG_RE = re.compile(
    r'^(shot|dann|shot[-_]im|safn|hafn|erm|cdan(?:_e)?|mcc|dan|jan|mdd)'
    r'_lenet_\w+_'
    r'digits[-_](uci2mnist5k|mnist5k2uci)\.py$')
# the DG task: trained on UCI, tested on the unseen MNIST-5k
DG_CONFIG_RE = re.compile(r'^(erm|rsc|cnsn)_lenet_\w+_digits_mnist5k\.py$')
DG_TASK = 'uci2mnist5k_dg'
PEER_METHOD = {
    'tim-learn/SHOT': 'shot',
    'thuml/Transfer-Learning-Library': 'dann',
    'jihanyang/AFN': 'safn',
}


def _cell(values: Dict[int, float]) -> str:
    if not values:
        return 'not run'
    seeds = sorted(values)
    scores = [values[s] for s in seeds]
    std = f'{statistics.stdev(scores):.2f}' if len(scores) > 1 else '-'
    per_seed = ' / '.join(f'{values[s]:.2f}' for s in seeds)
    return (f'{statistics.mean(scores):.2f} ± {std} '
            f'(seeds {",".join(map(str, seeds))}: {per_seed})')


def collect(mmda_globs: List[str],
            peer_globs: List[str]) -> Dict[Tuple[str, str], Dict]:
    rows: Dict[Tuple[str, str],
               Dict] = defaultdict(lambda: dict(mmda={}, peer={}))
    for pattern in mmda_globs:
        for path in sorted(glob.glob(pattern, recursive=True)):
            with open(path) as f:
                for config, res in json.load(f).items():
                    name = osp.basename(config)
                    match = CONFIG_RE.match(name)
                    dg_match = DG_CONFIG_RE.match(name)
                    if match:
                        key = match.groups()
                    elif dg_match:
                        key = (dg_match.group(1), DG_TASK)
                    else:
                        continue
                    for seed, score in zip(res['seeds'], res['scores']):
                        rows[key]['mmda'][seed] = score
    for pattern in peer_globs:
        for path in sorted(glob.glob(pattern, recursive=True)):
            with open(path) as f:
                res = json.load(f)
            method = res.get('method') or PEER_METHOD[res['peer']]
            rows[(method,
                  res['task'])]['peer'][res['seed']] = res['target_test_acc']
    return rows


def main(argv=None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--mmda', nargs='+', default=[])
    parser.add_argument('--peer', nargs='+', default=[])
    args = parser.parse_args(argv)
    rows = collect(args.mmda, args.peer)
    lines = [
        '| method | task | mmda | official / peer | gap of means |',
        '| --- | --- | --- | --- | --- |'
    ]
    for (method, task), sides in sorted(rows.items()):
        gap = ''
        if sides['mmda'] and sides['peer']:
            gap = statistics.mean(sides["mmda"].values()) - statistics.mean(
                sides["peer"].values())
            gap = f"{gap:+.2f}"
        lines.append(f"| {method} | {task} | {_cell(sides['mmda'])} | "
                     f"{_cell(sides['peer'])} | {gap} |")
    table = '\n'.join(lines)
    print(table)
    return table


if __name__ == '__main__':
    main()
