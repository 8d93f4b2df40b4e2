# Copyright (c) mmda contributors. All rights reserved.
"""Tabulate mmda's test-time adaptation runs beside the official TENT code's
(:mod:`benchmarks.peers.tent_digits`) on the corrupted MNIST-5k.

Reads ``RUNS/<side>_<method>_<reset>_bs<batch size>_<seed>.json``: side
``mmda`` (``tools/test.py --out-metrics``, ``CorruptionError``'s
``corruption/error/<corruption>``) or ``peer`` (``tent_digits.py --out``).
Prints, per (method, reset, batch size), the error per corruption and the
mean (mean ± std over seeds, sample std), mmda beside the official code,
their gap and the pooled std ``sqrt((s_mmda^2 + s_peer^2) / 2)``.
"""
import argparse
import glob
import json
import os.path as osp
import re
from collections import defaultdict

import numpy as np

NAME = re.compile(r'^(mmda|peer)_(\w+?)_(per_domain|continual)_bs(\d+)_(\d+)'
                  r'\.json$')


def read_errors(path: str, side: str) -> dict:
    with open(path) as f:
        data = json.load(f)
    if side == 'peer':
        return {k.rsplit('-', 1)[0]: v for k, v in data['errors'].items()}
    prefix = 'corruption/error/'
    return {
        k[len(prefix):]: v
        for k, v in data.items()
        if k.startswith(prefix) and not k[len(prefix):].startswith('severity_')
    }


def collect(runs: str) -> dict:
    """``{(method, reset, bs): {side: {seed: {corruption: error}}}}``."""
    table = defaultdict(lambda: defaultdict(dict))
    for path in sorted(glob.glob(osp.join(runs, '*.json'))):
        m = NAME.match(osp.basename(path))
        if m is None:
            continue
        side, method, reset, bs, seed = m.groups()
        table[(method, reset,
               int(bs))][side][int(seed)] = read_errors(path, side)
    return table


def _stat(values) -> str:
    std = np.std(values, ddof=1) if len(values) > 1 else float('nan')
    return f'{np.mean(values):.2f} ± {std:.2f}'


def markdown(table: dict) -> str:
    lines = []
    for (method, reset, bs), sides in sorted(table.items()):
        seeds = sorted(set(sides.get('mmda', {})) & set(sides.get('peer', {})))
        if not seeds:
            continue
        corruptions = list(sides['mmda'][seeds[0]])
        lines += [
            f'{method}, reset={reset}, batch size {bs}, seeds '
            f'{",".join(map(str, seeds))}:', '',
            '| corruption | mmda | official | gap | pooled std |',
            '| --- | --- | --- | --- | --- |'
        ]
        for c in corruptions + ['mean']:
            vals = {}
            for side in ('mmda', 'peer'):
                per_seed = [sides[side][s] for s in seeds]
                vals[side] = [
                    np.mean(list(e.values())) if c == 'mean' else e[c]
                    for e in per_seed
                ]
            a, b = vals['mmda'], vals['peer']
            pooled = np.sqrt((np.var(a, ddof=1) + np.var(b, ddof=1)) /
                             2) if len(seeds) > 1 else float('nan')
            name = f'**{c}**' if c == 'mean' else c
            lines.append(f'| {name} | {_stat(a)} | {_stat(b)} | '
                         f'{np.mean(a) - np.mean(b):+.2f} | {pooled:.2f} |')
        lines.append('')
    return '\n'.join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('runs', help='the folder of the JSON files')
    args = parser.parse_args(argv)
    text = markdown(collect(args.runs))
    print(text)
    return text


if __name__ == '__main__':
    main()
