# Copyright (c) mmda contributors. All rights reserved.
"""Smoke test of benchmarks/uda_step_time.py: every method, every path."""
import importlib.util
import math
import os.path as osp

from conftest import REPO


def _load_benchmark():
    path = osp.join(REPO, 'benchmarks/uda_step_time.py')
    spec = importlib.util.spec_from_file_location('uda_step_time', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_uda_step_time_all_methods(capsys):
    bench = _load_benchmark()
    results = bench.main(
        ['--method', 'all', '--iters', '2', '--warmup', '1', '--rounds', '1'])
    assert set(results) == {'dann', 'hafn', 'safn', 'shot', 'shot-im'}
    for name, times in results.items():
        paths = list(bench.PATHS)
        if name == 'shot':  # the pseudo-label pass, timed apart
            paths += [f'label {p}' for p in bench.PATHS]
        assert set(times) == set(paths), name
        for path in paths:
            assert math.isfinite(times[path]) and times[path] > 0, (name, path)
    out = capsys.readouterr().out
    assert 'mmda/dl' in out and 'shot pseudo-label pass' in out
    # SHOT-IM has no pseudo-labels, hence no labelling pass
    assert 'shot-im pseudo-label pass' not in out
