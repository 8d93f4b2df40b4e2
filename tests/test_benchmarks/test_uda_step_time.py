# Copyright (c) mmda contributors. All rights reserved.
"""Smoke test of benchmarks/uda_step_time.py: every method, every path."""
import importlib.util
import math
import os.path as osp

from tool_runs import REPO


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


def test_plain_dann_loop_follows_the_configs_grl_schedule():
    """The plain loop sets the GRL lambda as the config's GRLLambdaHook
    (tllib's warm-up: gamma 1 over a 1,000-iteration horizon)."""
    from mmengine.config import Config

    from mmda.engine.hooks.grl_lambda_hook import dann_lambda
    bench = _load_benchmark()
    cfg = Config.fromfile(
        osp.join(REPO, 'configs/dann/dann_lenet_2k_digits_uci2mnist5k.py'))
    gamma, max_value, scale = bench.grl_schedule(cfg, 2000)
    assert (gamma, max_value, scale) == (1.0, 1.0, 2.0)
    # iteration 1,000 of 2,000 is p = 1 on the hook's horizon
    assert math.isclose(
        dann_lambda(0.5 * scale, gamma, max_value), dann_lambda(1.0, 1.0))


def test_tllib_column_skipped_with_a_clear_message(tmp_path, capsys):
    """No checkout, or a folder that is not tllib's: the peer path is
    skipped and the message says why (the missing file)."""
    bench = _load_benchmark()
    assert bench.tllib_checkout(None) is None
    assert '--tllib PATH' in capsys.readouterr().out
    assert bench.tllib_checkout(str(tmp_path)) is None
    out = capsys.readouterr().out
    assert 'tllib column skipped' in out
    assert 'thuml/Transfer-Learning-Library' in out
    assert 'dann.py' in out
