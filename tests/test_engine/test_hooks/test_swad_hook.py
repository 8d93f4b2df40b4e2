# Copyright (c) mmda contributors. All rights reserved.
"""SWAD: the range rule against the official ``LossValley`` (khanrc/swad)
on the same segments and losses, where a checkout is present; the hook
through the Runner on a DomainBed-protocol config: the average replaces
the weights and is saved, a resumed run averages the same weights; and
bad input."""
import importlib.util
import os.path as osp
import sys
import types

import pytest
import torch
from composition import compose, quick_pretty_text
from mmengine.model import StochasticWeightAverage
from mmengine.runner import Runner
from torch import nn

from mmda.engine.hooks import LossValley, Segment, SWADHook
from mmda.utils import trusted_local_checkpoints

SWAD = '/work/scratch/peers/swad/domainbed'
needs_swad = pytest.mark.skipif(
    not osp.isfile(osp.join(SWAD, 'swad.py')),
    reason=f'no SWAD checkout at {SWAD}')


@pytest.fixture(autouse=True)
def _fast_config_text(monkeypatch):
    quick_pretty_text(monkeypatch)


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def official(monkeypatch):
    swa_utils = _load(osp.join(SWAD, 'lib', 'swa_utils.py'), 'swad_swa_utils')
    # swad.py imports `domainbed.lib.swa_utils`: serve this one
    lib = types.ModuleType('domainbed.lib')
    lib.swa_utils = swa_utils
    package = types.ModuleType('domainbed')
    package.lib = lib
    monkeypatch.setitem(sys.modules, 'domainbed', package)
    monkeypatch.setitem(sys.modules, 'domainbed.lib', lib)
    monkeypatch.setattr(swa_utils.AveragedModel, 'cuda', lambda self: self)
    swad = _load(osp.join(SWAD, 'swad.py'), 'swad_official')
    return swa_utils, swad


def _weights(segments, iters, seed):
    g = torch.Generator().manual_seed(seed)
    return [[torch.randn(3, 2, generator=g) for _ in range(iters)]
            for _ in range(segments)]


LOSSES = [
    [1.0, 0.8, 0.7, 0.6, 0.65, 0.7, 0.62, 0.9, 1.2, 1.5, 1.6, 1.7, 1.8],
    [1.0, 0.5, 0.6, 0.7, 0.55, 0.58, 0.6, 0.61, 0.59],  # never dies
    [0.9, 0.3, 0.4, 0.5, 0.9, 0.95, 0.99, 1.0, 1.0, 1.1, 1.2],
    [
        2.0, 1.5, 1.2, 1.0, 0.9, 0.8, 0.7, 0.75, 0.8, 0.78, 0.76, 3.0, 3.0,
        3.0, 3.0, 3.0, 3.0, 3.0
    ],
]


@needs_swad
@pytest.mark.parametrize('losses', LOSSES)
@pytest.mark.parametrize('windows', [(3, 6, 0.3), (3, 3, 0.1), (4, 2, 0.5)])
def test_same_average_and_range_as_the_official_loss_valley(
        official, losses, windows):
    swa_utils, swad = official
    weights = _weights(len(losses), 4, seed=len(losses))
    theirs = swad.LossValley(None, *windows)
    ours = LossValley(*windows)
    linear = nn.Linear(2, 3, bias=False)
    step = 0
    for seg_weights, loss in zip(weights, losses):
        their_seg = swa_utils.AveragedModel(linear)
        our_seg = StochasticWeightAverage(linear)
        start = step + 1
        for w in seg_weights:
            step += 1
            linear.weight.data.copy_(w)
            their_seg.update_parameters(linear, step=step)
            our_seg.update_parameters(linear)
        theirs.update_and_evaluate(their_seg, 0.0, loss, lambda *a: None)
        ours.update(Segment(our_seg, start, step, loss))
        assert ours.dead == theirs.dead_valley
        if theirs.dead_valley:
            break  # the official loop stops training here
    if not theirs.is_converged:
        with pytest.raises(RuntimeError, match='never converged'):
            ours.finish()
        return
    their_final = theirs.get_final_model()
    our_final = ours.finish()
    torch.testing.assert_close(our_final.module.weight,
                               their_final.module.weight)
    assert int(our_final.steps) == int(their_final.n_averaged)
    assert (ours.start, ours.end) == (their_final.start_step,
                                      their_final.end_step)
    assert ours.dead == theirs.dead_valley


def test_valley_state_round_trips():
    linear = nn.Linear(2, 3, bias=False)
    a, b = LossValley(3, 6, 0.3), LossValley(3, 6, 0.3)
    step = 0
    for i, loss in enumerate(LOSSES[0][:7]):
        seg = StochasticWeightAverage(linear)
        for w in _weights(1, 3, seed=i)[0]:
            step += 1
            linear.weight.data.copy_(w)
            seg.update_parameters(linear)
        a.update(Segment(seg, step - 2, step, loss))
    b.load_state_dict(a.state_dict(), linear)
    assert b.smooth_q[-1] is b.converge_q[-1]  # shared, as in a
    for valley in (a, b):
        seg = StochasticWeightAverage(linear)
        seg.update_parameters(linear)
        valley.update(Segment(seg, step + 1, step + 1, 0.9))
    torch.testing.assert_close(a.finish().module.weight,
                               b.finish().module.weight)
    assert (a.start, a.end) == (b.start, b.end)


def _swad_cfg(tmp_path, iters=6, val_interval=1, **hook):
    # the generated SWAD leaf, made small
    cfg = compose('swad', None, tmp_path, iters=iters)
    cfg.val_cfg = dict()
    cfg.val_dataloader = dict(cfg.test_dataloader, batch_size=64)
    cfg.val_dataloader.dataset = dict(
        cfg.train_dataloader.dataset,
        dataset=dict(cfg.train_dataloader.dataset.dataset, split='out'))
    cfg.val_dataloader.dataset.dataset.indices = 40
    cfg.val_evaluator = [
        dict(type='Accuracy', topk=(1, )),
        dict(type='mmda.CrossEntropyMetric')
    ]
    cfg.train_cfg.val_interval = val_interval
    (swad, ) = [h for h in cfg.custom_hooks if h['type'] is SWADHook]
    swad.update(n_converge=1, n_tolerance=2, **hook)
    return cfg


def test_trains_averages_saves_and_resumes_exactly(tmp_path):
    # validations at 2, 4 and 6; the resumed run starts from iteration 3,
    # inside a segment
    runner = Runner.from_cfg(
        _swad_cfg(tmp_path / 'full', val_interval=2, tolerance_ratio=10.0))
    runner.train()
    full = torch.load(
        tmp_path / 'full' / 'swad.pth', weights_only=False)['state_dict']
    last = torch.load(
        tmp_path / 'full' / 'iter_6.pth', weights_only=False)['state_dict']
    model = runner.model.state_dict()
    assert all(torch.equal(model[k], full[k]) for k in full)
    assert any(not torch.equal(full[k], last[k]) for k in full)
    start, end = runner.message_hub.get_info('swad_range')
    assert 1 <= start < end <= 6
    cfg = _swad_cfg(tmp_path / 'resumed', val_interval=2, tolerance_ratio=10.0)
    cfg.resume = True
    cfg.load_from = str(tmp_path / 'full' / 'iter_3.pth')
    with trusted_local_checkpoints():
        Runner.from_cfg(cfg).train()
    resumed = torch.load(
        tmp_path / 'resumed' / 'swad.pth', weights_only=False)['state_dict']
    for k in full:
        torch.testing.assert_close(resumed[k], full[k])


def test_bad_input_names_it(tmp_path):
    cfg = _swad_cfg(tmp_path / 'few', iters=2)
    cfg.custom_hooks[-1].update(n_converge=3)
    assert cfg.custom_hooks[-1]['type'] is SWADHook
    with pytest.raises(ValueError, match='2 validations .* n_converge=3'):
        Runner.from_cfg(cfg).train()
    cfg = _swad_cfg(tmp_path / 'key', loss_key='val/loss')
    with pytest.raises(KeyError, match="no 'val/loss' .*CrossEntropyMetric"):
        Runner.from_cfg(cfg).train()
    with pytest.raises(ValueError, match='n_converge and n_tolerance'):
        SWADHook(n_converge=0)
    with pytest.raises(RuntimeError, match='never converged'):
        LossValley(3, 6, 0.3).finish()
