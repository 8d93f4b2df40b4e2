# Copyright (c) mmda contributors. All rights reserved.
"""CoTTA: its equations by hand, its augmentations, its reset, and the
test-time adaptation library's own CoTTA on the same model and test
batches where a checkout is present."""
import copy

import pytest
import torch
from tta_models import (TTA_LIB, confident_classifier, library_imports,
                        random_batches, tta_lib_has)

from mmda.models import CoTTAAdapter, cotta_augmentation
from mmda.models.algorithms.cotta_adapter import (anchor_confidence,
                                                  ema_update_weights,
                                                  soft_cross_entropy,
                                                  stochastic_restore,
                                                  teacher_logits)


def test_ema_update_weights_by_hand():
    teacher = [torch.tensor([1.0, 2.0]), torch.tensor([0.0])]
    ema_update_weights(teacher,
                       [torch.tensor([3.0, 0.0]),
                        torch.tensor([10.0])], 0.75)
    torch.testing.assert_close(teacher[0], torch.tensor([1.5, 1.5]))
    torch.testing.assert_close(teacher[1], torch.tensor([2.5]))


def test_anchor_confidence_by_hand():
    logits = torch.log(torch.tensor([[0.7, 0.2, 0.1], [0.3, 0.5, 0.2]]))
    torch.testing.assert_close(anchor_confidence(logits), torch.tensor(0.6))


def test_teacher_logits_averages_the_augmentations_when_unsure():
    calls = []

    def teacher(x):
        calls.append(x)
        return x * 2

    x = torch.ones(2, 3)
    counter = iter(range(1, 10))

    def augment(y):
        return y * next(counter)

    torch.testing.assert_close(
        teacher_logits(teacher, x, augment, 3, confident=True), x * 2)
    assert len(calls) == 1
    # the mean of the logits of x * 1, x * 2, x * 3
    torch.testing.assert_close(
        teacher_logits(teacher, x, augment, 3, confident=False), x * 4)
    assert len(calls) == 4


def test_soft_cross_entropy_by_hand_and_gradcheck():
    s = torch.tensor([[1.0, 0.0, -1.0]], dtype=torch.double)
    t = torch.tensor([[0.0, 2.0, 0.0]], dtype=torch.double)
    ps, pt = s.softmax(1), t.softmax(1)
    forward = -(pt * ps.log()).sum(1)
    torch.testing.assert_close(soft_cross_entropy(s, t), forward)
    reverse = -(ps * pt.log()).sum(1)
    torch.testing.assert_close(
        soft_cross_entropy(s, t, symmetric=True), (forward + reverse) / 2)
    # equal logits: the entropy of the prediction
    torch.testing.assert_close(
        soft_cross_entropy(s, s), -(ps * ps.log()).sum(1))
    x = torch.randn(4, 5, dtype=torch.double, requires_grad=True)
    y = torch.randn(4, 5, dtype=torch.double)
    assert torch.autograd.gradcheck(lambda a: soft_cross_entropy(a, y), x)
    assert torch.autograd.gradcheck(lambda a: soft_cross_entropy(a, y, True),
                                    x)


def test_stochastic_restore_by_hand():
    p = [torch.zeros(1000), torch.zeros(3, 4)]
    src = [torch.ones(1000), torch.ones(3, 4)]
    stochastic_restore(p, src, 0.0)
    assert all(not q.any() for q in p)
    stochastic_restore(p, src, 1.0)
    assert all(torch.equal(q, s) for q, s in zip(p, src))
    p = [torch.zeros(1000), torch.zeros(3, 4)]
    stochastic_restore(p, src, 0.3, torch.Generator().manual_seed(5))
    # the masks are rand < p, parameter after parameter, from the generator
    g = torch.Generator().manual_seed(5)
    for q in p:
        assert torch.equal(q, (torch.rand(q.shape, generator=g) < 0.3).float())
    assert 200 < p[0].sum() < 400


def _images(n=6, seed=1):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(n, 3, 32, 32, generator=g)


def test_cotta_augmentation_draws_from_its_generator():
    x = _images()
    a = cotta_augmentation(x, torch.Generator().manual_seed(0))
    b = cotta_augmentation(x, torch.Generator().manual_seed(0))
    c = cotta_augmentation(x, torch.Generator().manual_seed(1))
    assert a.shape == x.shape and torch.equal(a, b)
    assert not torch.equal(a, c) and not torch.equal(a, x)
    assert a.min() >= 0 and a.max() <= 1
    # the global generator is left alone
    torch.manual_seed(3)
    cotta_augmentation(x, torch.Generator().manual_seed(0))
    after = torch.rand(1)
    torch.manual_seed(3)
    assert torch.equal(after, torch.rand(1))


def test_bad_arguments_name_the_key():
    for key, value in (('mt', 1.5), ('rst', -0.1), ('rst', 'x')):
        with pytest.raises(ValueError, match=f'model.{key}'):
            CoTTAAdapter(confident_classifier(), **{key: value})
    with pytest.raises(ValueError, match='model.num_augmentations'):
        CoTTAAdapter(confident_classifier(), num_augmentations=0)
    with pytest.raises(ValueError, match='model.norm_types'):
        CoTTAAdapter(confident_classifier(), norm_types=('GroupNorm', ))
    with pytest.raises(RuntimeError, match='reset'):
        CoTTAAdapter(confident_classifier()).adapt(random_batches(1)[0])


def _normalised(adapter, images):
    pre = adapter.classifier.data_preprocessor
    return (images - pre.mean) / pre.std


def _unsure_classifier(seed=0):
    """The source DTN at its random initialisation: unsure, so the
    teacher averages over augmentations."""
    torch.manual_seed(seed)
    model = confident_classifier(seed)
    with torch.no_grad():
        model.head.fc.weight.div_(300)
    return model


def test_adapts_every_weight_and_reset_restores_the_source():
    adapter = CoTTAAdapter(_unsure_classifier(), num_augmentations=2, rst=0.1)
    assert adapter.adapted_parameter_names() == [
        n for n, _ in adapter.classifier.named_parameters()
    ]
    adapter.reset()
    source = copy.deepcopy(adapter.classifier.state_dict())
    # teacher and anchor are out of the state dict
    assert set(adapter.state_dict()) == set(source)
    images = [(_images(8, s) * 255).round() for s in range(3)]
    for x in images:
        out = adapter.adapt(_normalised(adapter, x))
        assert out.shape == (8, 10) and not out.requires_grad
    moved = [
        k for k, v in adapter.classifier.state_dict().items()
        if not torch.equal(v, source[k])
    ]
    assert 'head.fc.weight' in moved and 'backbone.features.0.weight' in moved
    assert any(not torch.equal(v, source[k])
               for k, v in adapter.teacher.state_dict().items())
    assert adapter.optimizer.state
    adapter.reset()
    for model in (adapter.classifier, adapter.teacher, adapter.anchor):
        for k, v in model.state_dict().items():
            assert torch.equal(v, source[k]), k
    assert not adapter.optimizer.state


@pytest.mark.skipif(
    not tta_lib_has('cotta.py'),
    reason=f'no checkout of the test-time adaptation library at {TTA_LIB}')
def test_same_augmentation_as_the_library(monkeypatch):
    with library_imports(monkeypatch):
        from benchmarks.peers.tta_library_digits import import_method
        import_method(TTA_LIB, 'cotta')
        from augmentations.transforms_cotta import get_tta_transforms
        x = _images()
        torch.manual_seed(7)
        theirs = get_tta_transforms((32, 32))(x)
        ours = cotta_augmentation(x, torch.Generator().manual_seed(7))
        assert torch.equal(ours, theirs)


@pytest.mark.skipif(
    not tta_lib_has('cotta.py'),
    reason=f'no checkout of the test-time adaptation library at {TTA_LIB}')
# the unsure source model's confidence is about 0.11: below 0.92 the
# teacher averages over augmentations, never below 0
@pytest.mark.parametrize('ap', [0.92, 0.0])
def test_same_predictions_and_weights_as_the_library(monkeypatch, ap):
    with library_imports(monkeypatch):
        from benchmarks.peers.tta_library_digits import (UnitRangeInputs,
                                                         UnitRangeLogitsModel,
                                                         import_method,
                                                         library_cfg)
        CoTTA = import_method(TTA_LIB, 'cotta')
        cfg = library_cfg(
            'cotta', **{
                'TEST.BATCH_SIZE': 8,
                'TEST.N_AUGMENTATIONS': 3,
                'COTTA.RST': 0.1,
                'COTTA.AP': ap
            })
        wrapped = UnitRangeLogitsModel(_unsure_classifier())
        wrapped.model_preprocess = None
        theirs = UnitRangeInputs(CoTTA(cfg, wrapped, 10))
        ours = CoTTAAdapter(
            _unsure_classifier(), num_augmentations=3, rst=0.1, ap=ap, seed=11)
        ours.reset()
        torch.manual_seed(11)
        for s in range(4):
            x = (_images(8, s) * 255).round()
            conf = anchor_confidence(
                ours.anchor(_normalised(ours, x), mode='tensor'))
            assert (conf < ap) == (ap > 0)
            out_theirs = theirs(x)
            out_ours = ours.adapt(_normalised(ours, x))
            torch.testing.assert_close(out_ours, out_theirs)
        method = theirs.method
        for mine, lib in ((ours.classifier, method.model.classifier),
                          (ours.teacher, method.model_ema.classifier)):
            state = mine.state_dict()
            for k, v in lib.state_dict().items():
                if v.is_floating_point():
                    torch.testing.assert_close(state[k], v, msg=k)
        theirs.reset()
        ours.reset()
        state = ours.teacher.state_dict()
        for k, v in method.model_ema.classifier.state_dict().items():
            if v.is_floating_point():
                assert torch.equal(state[k], v), k
