# Copyright (c) mmda contributors. All rights reserved.
"""Smoke test of benchmarks/uda_step_profile.py on the DANN config."""
import importlib.util
import math
import os.path as osp

from mmengine.optim import OptimWrapper
from tool_runs import REPO


def _load(name):
    path = osp.join(REPO, f'benchmarks/{name}.py')
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_profile_names_every_part_and_restores_the_classes():
    originals = {n: vars(OptimWrapper)[n] for n in ('backward', 'step')}
    step, parts = _load('uda_step_profile').main(
        ['--iters', '2', '--warmup', '1'])
    assert math.isfinite(step) and step > 0
    for part in ('hook NonFiniteStopHook.after_train_iter',
                 'data: batch draw (pipeline + collate)',
                 'train_step: data_preprocessor',
                 'train_step: forward + losses', 'train_step: optim backward'):
        seconds, calls = parts[part]
        assert seconds > 0 and calls == 1, part
    # 128 source + 128 target samples through the per-sample pipeline
    assert sum(c for k, (_, c) in parts.items()
               if k.endswith('__getitem__')) == 256
    assert {n: vars(OptimWrapper)[n] for n in originals} == originals
