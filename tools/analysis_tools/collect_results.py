# Copyright (c) mmda contributors. All rights reserved.
"""Collect the results of many runs into a markdown table, method x task,
mean ± std over seeds.

Runs are found under the given work dirs by the config mmengine dumps into
each work dir; method and task come from the config name
(``{method}_{backbone}_{schedule}_{dataset}_{task}``), the seed from the
training config's ``randomness.seed``, the metric from
``target_test_metrics.json`` or the test log of ``tools/test.py``. See
``mmda/analysis/run_results.py`` and ``docs/analysis_tools.md``.

Example::

    python tools/analysis_tools/collect_results.py work_dirs/demo
    python tools/analysis_tools/collect_results.py work_dirs/demo \\
        --update README.md     # rewrites the block between the markers
"""
import argparse
import sys

from mmda.analysis import (NoRunsError, collect_runs, read_run,
                           replace_marked_block, results_table)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('work_dirs', nargs='+', help='folders to search')
    parser.add_argument('--metric', default='accuracy/top1')
    parser.add_argument(
        '--split',
        choices=['test', 'val'],
        default='test',
        help='test: the target test split (tools/test.py); val: the last '
        'validation value logged in training (default: %(default)s)')
    parser.add_argument('--digits', type=int, default=2)
    parser.add_argument(
        '--details',
        action='store_true',
        help='also list every run and the file read')
    parser.add_argument(
        '--val-metrics',
        nargs='+',
        default=[],
        metavar='KEY',
        help='also list, per run, these metrics of its last validation '
        'next to the test value, e.g. source/accuracy/top1 '
        'target_unlabeled/snd (see docs/validators.md)')
    parser.add_argument('--out', help='also write the table to this file')
    parser.add_argument(
        '--update',
        metavar='MARKDOWN',
        help='replace the table between <!-- mmda-results:begin --> and '
        '<!-- mmda-results:end --> in this file (e.g. README.md)')
    return parser.parse_args(argv)


def validation_columns(runs, keys, metric: str, digits: int) -> str:
    """A Markdown table: each run's test value next to the last logged
    value of each validation metric in ``keys`` ('-' if not logged)."""
    lines = [
        '| method | task | seed | test ' + metric + ' | ' + ' | '.join(keys) +
        ' |', '|---|---|---:|---:|' + '---:|' * len(keys)
    ]
    for r in sorted(runs, key=lambda r: (r.method, r.task, str(r.seed))):
        values = []
        for key in keys:
            try:
                values.append(
                    f'{read_run(r.run_dir, key, "val").value:.{digits}f}')
            except ValueError:
                values.append('-')
        lines.append(f'| {r.method} | {r.dataset}-{r.task} | {r.seed} | '
                     f'{r.value:.{digits}f} | ' + ' | '.join(values) + ' |')
    return '\n'.join(lines)


def main(argv=None):
    args = parse_args(argv)
    try:
        runs, skipped = collect_runs(args.work_dirs, args.metric, args.split)
    except (NoRunsError, ValueError) as e:
        raise SystemExit(f'collect_results: {e}')
    for reason in skipped.values():
        print(f'skipped: {reason}', file=sys.stderr)
    what = 'target test' if args.split == 'test' else 'last validation'
    table = results_table(runs, args.metric, args.digits, what)
    print(table)
    if args.details:
        print('\n| method | task | seed | value | read from |\n'
              '|---|---|---:|---:|---|')
        for r in sorted(runs, key=lambda r: (r.method, r.task, str(r.seed))):
            print(f'| {r.method} | {r.dataset}-{r.task} | {r.seed} | '
                  f'{r.value:.{args.digits}f} | {r.source} |')
    columns = ''
    if args.val_metrics:
        columns = validation_columns(runs, args.val_metrics, args.metric,
                                     args.digits)
        print('\n' + columns)
    if args.out:
        with open(args.out, 'w') as f:
            f.write(table + '\n' + (f'\n{columns}\n' if columns else ''))
    if args.update:
        with open(args.update) as f:
            text = f.read()
        with open(args.update, 'w') as f:
            f.write(replace_marked_block(text, table))
    return table + (f'\n\n{columns}' if columns else '')


if __name__ == '__main__':
    main()
    sys.exit(0)
