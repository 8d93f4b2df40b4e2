# Copyright (c) mmda contributors. All rights reserved.
"""When TestTimeAdaptLoop returns the model to the source weights; the
adaptation itself is the model's (tests/test_models/test_algorithms)."""
from types import SimpleNamespace

import pytest
from mmengine.runner import TestLoop
from mmpretrain.structures import DataSample

from mmda.engine.runner import TestTimeAdaptLoop


class _Adapter:
    method = 'fake'
    norm_types = ('BatchNorm2d', )

    def __init__(self):
        self.resets = []
        self.batch = None

    def reset(self):
        self.resets.append(self.batch)

    def adapted_parameter_names(self):
        return ['a.weight']


def _loop(monkeypatch, **protocol):
    model = _Adapter()
    # Only the protocol is under test: the stock iteration is not run.
    monkeypatch.setattr(TestLoop, 'run_iter', lambda self, idx, batch: None)
    runner = SimpleNamespace(model=model, visualizer=SimpleNamespace())
    loader = SimpleNamespace(
        batch_size=2, dataset=SimpleNamespace(metainfo={}))
    loop = TestTimeAdaptLoop(runner, loader, SimpleNamespace(), **protocol)
    return loop, model


def _batch(*domains):
    return dict(data_samples=[
        DataSample(metainfo=dict(corruption=c, severity=5)) for c in domains
    ])


@pytest.mark.parametrize('protocol,resets', [
    (dict(reset='per_domain'), [0, 2]),
    (dict(reset='continual'), [0]),
    (dict(reset='continual', episodic=True), [0, 1, 2, 3]),
])
def test_resets(monkeypatch, protocol, resets):
    loop, model = _loop(monkeypatch, **protocol)
    for idx, batch in enumerate([
            _batch('fog', 'fog'),
            _batch('fog'),
            _batch('snow', 'snow'),
            _batch('snow')
    ]):
        model.batch = idx
        loop.run_iter(idx, batch)
    assert model.resets == resets


def test_a_batch_across_two_domains_names_the_batch_size(monkeypatch):
    loop, _ = _loop(monkeypatch)
    with pytest.raises(ValueError, match=r'test batch 3 .*batch_size'):
        loop.run_iter(3, _batch('fog', 'snow'))
    loop, _ = _loop(monkeypatch, reset='continual')
    loop.run_iter(3, _batch('fog', 'snow'))


def test_samples_without_a_domain_name_the_key(monkeypatch):
    loop, _ = _loop(monkeypatch)
    with pytest.raises(KeyError, match=r'test_cfg\.domain_keys'):
        loop.run_iter(0, dict(data_samples=[DataSample()]))


def test_protocol_is_named(monkeypatch):
    loop, _ = _loop(monkeypatch, reset='continual')
    text = loop.protocol()
    for part in ('method=fake', 'reset=continual', 'episodic=False',
                 'batch_size=2', 'a.weight'):
        assert part in text


def test_a_model_without_reset_is_refused(monkeypatch):
    loop, _ = _loop(monkeypatch)
    loop.runner.model = SimpleNamespace()
    with pytest.raises(TypeError, match='TestTimeAdaptLoop'):
        loop.run_iter(0, _batch('fog'))


def test_unknown_reset_names_the_key():
    with pytest.raises(ValueError, match=r'test_cfg\.reset'):
        TestTimeAdaptLoop(None, None, None, reset='never')
