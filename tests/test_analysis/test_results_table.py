# Copyright (c) mmda contributors. All rights reserved.
import statistics

import pytest

from mmda.analysis import RunResult, replace_marked_block, results_table
from mmda.analysis.results_table import BEGIN_MARK, END_MARK


def _run(method, task, seed, value, dataset='digits'):
    return RunResult(f'/w/{method}{task}{seed}', method, dataset, task, seed,
                     value, 'x.json')


def test_methods_by_tasks_mean_std_and_average():
    runs = [
        _run('dann', 'a2b', 0, 60.0),
        _run('dann', 'a2b', 1, 64.0),
        _run('dann', 'b2a', 0, 80.0),
        _run('dann', 'b2a', 1, 81.0),
        _run('source-only', 'a2b', 0, 50.0),
        _run('source-only', 'a2b', 1, 51.0)
    ]
    table = results_table(runs, digits=2, what='target test')
    lines = table.split('\n')
    assert lines[0].startswith('target test accuracy/top1, mean ± std')
    assert lines[2] == '| Method | a→b | b→a | Avg |'
    std_a = statistics.stdev([60.0, 64.0])
    std_b = statistics.stdev([80.0, 81.0])
    # Baseline first; source-only lacks b2a, so it has no average.
    assert lines[4] == '| source-only | 50.50 ± 0.71 | - | - |'
    assert lines[5] == (f'| dann | 62.00 ± {std_a:.2f} | '
                        f'80.50 ± {std_b:.2f} | 71.25 |')


def test_unequal_counts_are_marked_and_single_runs_have_no_std():
    table = results_table([
        _run('dann', 'a2b', 0, 60.0),
        _run('dann', 'a2b', 1, 62.0),
        _run('mcc', 'a2b', 0, 70.0)
    ])
    assert '| mcc | 70.00 (n=1) |' in table
    assert '| dann | 61.00 ± 1.41 (n=2) |' in table


def test_no_runs_is_an_error():
    with pytest.raises(ValueError, match='no runs'):
        results_table([])


def test_replace_marked_block():
    text = f'# x\n{BEGIN_MARK}\nold\n{END_MARK}\ntail\n'
    assert replace_marked_block(text, 'new') == \
        f'# x\n{BEGIN_MARK}\nnew\n{END_MARK}\ntail\n'
    with pytest.raises(ValueError, match='expected one'):
        replace_marked_block('no markers', 'new')
