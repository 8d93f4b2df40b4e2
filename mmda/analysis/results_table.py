# Copyright (c) mmda contributors. All rights reserved.
"""A markdown table of runs, laid out as DA papers do: one row per method,
one column per task, ``mean ± std`` over seeds, and the average over tasks.
"""
import re
import statistics
from collections import defaultdict
from typing import Dict, List, Sequence, Tuple

from .run_results import RunResult

#: Baselines come first, as in the papers' tables.
BASELINES = ('source-only', 'erm')
BEGIN_MARK = '<!-- mmda-results:begin -->'
END_MARK = '<!-- mmda-results:end -->'


def task_title(dataset: str, task: str, with_dataset: bool) -> str:
    """``uci2mnist5k`` -> ``uci→mnist5k`` (only if the name has exactly one
    ``2``, so names such as ``cifar102stl`` are left alone)."""
    title = task.replace('2', '→') if task.count('2') == 1 else task
    return f'{dataset} {title}' if with_dataset else title


def _mean_std(values: Sequence[float]) -> Tuple[float, float]:
    # Sample standard deviation (n - 1), as over seeds in the papers.
    std = statistics.stdev(values) if len(values) > 1 else 0.0
    return statistics.mean(values), std


def _method_order(methods: Sequence[str]) -> List[str]:
    return sorted(
        set(methods), key=lambda m: (m.lower() not in BASELINES, m.lower()))


def results_table(runs: Sequence[RunResult],
                  metric: str = 'accuracy/top1',
                  digits: int = 2,
                  what: str = '') -> str:
    """Markdown table of method x task, ``mean ± std`` over seeds.

    A cell with one run shows its value alone. Where cells have different
    numbers of runs, each cell names its count. The ``Avg`` column (only
    with several tasks) is the mean over tasks of the per-task means, for
    methods run on every task.

    Args:
        runs (Sequence[RunResult]): From :func:`collect_runs`.
        metric (str): Named in the caption.
        digits (int): Decimals shown. Defaults to 2.
        what (str): Named before the metric in the caption, e.g.
            ``'target test'``.

    Returns:
        str: The caption line, a blank line and the table.
    """
    if not runs:
        raise ValueError('no runs to tabulate')
    cells: Dict[Tuple[str, Tuple[str, str]], List[float]] = defaultdict(list)
    seeds = set()
    for r in runs:
        cells[(r.method, (r.dataset, r.task))].append(r.value)
        seeds.add(r.seed)
    tasks = sorted({(r.dataset, r.task) for r in runs})
    methods = _method_order([r.method for r in runs])
    with_dataset = len({d for d, _ in tasks}) > 1
    counts = {len(v) for v in cells.values()}
    show_avg = len(tasks) > 1

    header = ['Method'] + [task_title(d, t, with_dataset) for d, t in tasks]
    if show_avg:
        header.append('Avg')
    lines = [
        '| ' + ' | '.join(header) + ' |',
        '|' + '---|' + '---:|' * (len(header) - 1)
    ]
    for method in methods:
        row, means = [method], []
        for task in tasks:
            values = cells.get((method, task))
            if not values:
                row.append('-')
                continue
            mean, std = _mean_std(values)
            means.append(mean)
            text = f'{mean:.{digits}f}'
            if len(values) > 1:
                text += f' ± {std:.{digits}f}'
            if len(counts) > 1:
                text += f' (n={len(values)})'
            row.append(text)
        if show_avg:
            row.append(f'{statistics.mean(means):.{digits}f}' if len(means) ==
                       len(tasks) else '-')
        lines.append('| ' + ' | '.join(row) + ' |')

    named_seeds = sorted(s for s in seeds if s is not None)
    seed_text = ', '.join(map(str, named_seeds)) or 'unknown'
    per_cell = (f'{counts.pop()} run(s) per cell'
                if len(counts) == 1 else 'runs per cell as marked')
    caption = (f'{what} {metric}'.strip() +
               f', mean ± std over seeds ({seed_text}; {per_cell}).')
    return caption + '\n\n' + '\n'.join(lines)


def replace_marked_block(text: str, block: str) -> str:
    """Put ``block`` between the results markers of a markdown file.

    Args:
        text (str): The file's text, holding :data:`BEGIN_MARK` and
            :data:`END_MARK` once each, in that order.
        block (str): The new content.

    Returns:
        str: The text with the old content between the markers replaced.
    """
    pattern = re.compile(
        re.escape(BEGIN_MARK) + r'.*?' + re.escape(END_MARK), re.DOTALL)
    if len(pattern.findall(text)) != 1:
        raise ValueError(f'expected one {BEGIN_MARK} ... {END_MARK} block')
    return pattern.sub(lambda _: f'{BEGIN_MARK}\n{block}\n{END_MARK}', text)
