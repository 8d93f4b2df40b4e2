# Copyright (c) mmda contributors. All rights reserved.
"""SAR: its parts by hand, its recovery, and the test-time adaptation
library's own SAR on the same model and batches where a checkout is
present."""
import copy
import math

import pytest
import torch
from tta_models import TTA_LIB
from tta_models import confident_classifier as _classifier
from tta_models import library_imports
from tta_models import random_batches as _batches
from tta_models import tta_lib_has

from mmda.models import SARAdapter, sam_perturbation
from mmda.models.algorithms.sar_adapter import ema_update, reliable
from mmda.models.losses import softmax_entropy


def test_sam_perturbation_by_hand():
    g1, g2 = torch.tensor([3.0, 0.0]), torch.tensor([4.0])
    e1, none, e2 = sam_perturbation([g1, None, g2], rho=0.5)
    assert none is None
    # ||(3, 0, 4)|| = 5: each gradient scaled by 0.5 / 5
    torch.testing.assert_close(e1, torch.tensor([0.3, 0.0]))
    torch.testing.assert_close(e2, torch.tensor([0.4]))


def test_reliable_and_ema():
    ent = torch.tensor([0.1, 0.9, 0.5])
    assert reliable(ent, 0.6)[0].tolist() == [0, 2]
    assert ema_update(None, 2.0) == 2.0
    assert ema_update(1.0, 2.0) == pytest.approx(1.1)


def test_adapts_the_affine_parameters_outside_exclude():
    adapter = SARAdapter(_classifier(), exclude=('backbone.features.1', ))
    names = adapter.adapted_parameter_names()
    assert names and not any('features.1.' in n for n in names)
    assert all(n.endswith(('weight', 'bias')) for n in names)


def test_model_recovery_returns_to_the_source_weights():
    adapter = SARAdapter(_classifier(), reset_constant=1e9)  # always below
    adapter.reset()  # records the source model, as the loop does
    source = copy.deepcopy(adapter.classifier.state_dict())
    adapter.adapt(_batches(1)[0])
    for k, v in adapter.classifier.state_dict().items():
        assert torch.equal(v, source[k]), k
    assert adapter.ema is None
    # without recovery the weights move
    moving = SARAdapter(_classifier(), reset_constant=-1.0)
    moving.reset()
    moving.adapt(_batches(1)[0])
    assert moving.ema is not None
    assert any(not torch.equal(v, source[k])
               for k, v in moving.classifier.state_dict().items())


@pytest.mark.skipif(
    not tta_lib_has('sar.py'),
    reason=f'no checkout of the test-time adaptation library at {TTA_LIB}')
def test_same_predictions_and_weights_as_the_library(monkeypatch):
    with library_imports(monkeypatch):
        from benchmarks.peers.tent_digits import LogitsModel
        from benchmarks.peers.tta_library_digits import CFG, import_method
        SAR = import_method(TTA_LIB, 'sar')
        theirs = SAR(CFG, LogitsModel(_classifier()), 10)
        ours = SARAdapter(_classifier())
        ours.reset()
        pre = ours.classifier.data_preprocessor
        kept = []
        for x in _batches(4, size=24):
            # their model normalises inside; ours takes normalised inputs
            out_theirs = theirs(x * 50 + 127.5)
            out_ours = ours.adapt((x * 50 + 127.5 - pre.mean) / pre.std)
            torch.testing.assert_close(out_ours, out_theirs)
            kept.append(
                len(
                    reliable(softmax_entropy(out_ours),
                             0.4 * math.log(10))[0]))
        assert 0 < sum(kept) < 4 * 24  # the filter was at work
        mine = ours.classifier.state_dict()
        for k, v in theirs.model.classifier.state_dict().items():
            if v.is_floating_point():
                torch.testing.assert_close(mine[k], v, msg=k)
        assert (ours.ema is None) == (theirs.ema is None)
        if ours.ema is not None:
            assert math.isclose(ours.ema, theirs.ema, rel_tol=1e-5)


def test_reset_restores_the_momentum_unless_told_not_to():
    for reset_optimizer in (True, False):
        adapter = SARAdapter(_classifier(), reset_optimizer=reset_optimizer)
        adapter.reset()
        adapter.adapt(_batches(1)[0])
        assert any('momentum_buffer' in s
                   for s in adapter.optimizer.state.values())
        adapter.reset()
        kept = any('momentum_buffer' in s
                   for s in adapter.optimizer.state.values())
        assert kept is not reset_optimizer
