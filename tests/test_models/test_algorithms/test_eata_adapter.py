# Copyright (c) mmda contributors. All rights reserved.
"""EATA: its equations by hand, its Fisher importance and reset, and the
test-time adaptation library's own EATA on the same model, source batches
and test batches where a checkout is present."""
import copy
import math

import pytest
import torch
from mmengine.dataset import pseudo_collate
from mmpretrain.structures import DataSample
from torch.utils.data import DataLoader
from tta_models import (TTA_LIB, confident_classifier, library_imports,
                        random_batches, tta_lib_has)

from mmda.engine.hooks import source_batches
from mmda.models import EATAAdapter
from mmda.models.algorithms.eata_adapter import (entropy_weights,
                                                 fisher_diagonal,
                                                 fisher_penalty, non_redundant,
                                                 update_moving_probs)
from mmda.models.algorithms.sar_adapter import reliable
from mmda.models.losses import softmax_entropy


def test_entropy_weights_by_hand():
    ent = torch.tensor([0.1, 0.5], requires_grad=True)
    w = entropy_weights(ent, 0.4)
    # 1 / exp(E - E0): above 1 below the margin, below 1 above it
    torch.testing.assert_close(w, torch.tensor([math.exp(0.3),
                                                math.exp(-0.1)]))
    assert not w.requires_grad


def test_non_redundant_by_hand():
    probs = torch.tensor([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]])
    assert non_redundant(probs, None, 0.5)[0].tolist() == [0, 1, 2]
    # cosines with (1, 0): 1, 0, 0.6
    m = torch.tensor([1.0, 0.0])
    assert non_redundant(probs, m, 0.5)[0].tolist() == [1]
    assert non_redundant(probs, m, 0.7)[0].tolist() == [1, 2]


def test_update_moving_probs_by_hand():
    probs = torch.tensor([[0.0, 1.0], [1.0, 0.0]])
    torch.testing.assert_close(
        update_moving_probs(None, probs), torch.tensor([0.5, 0.5]))
    m = torch.tensor([1.0, 0.0])
    torch.testing.assert_close(
        update_moving_probs(m, probs[:1]), torch.tensor([0.9, 0.1]))
    torch.testing.assert_close(
        update_moving_probs(m, probs, momentum=0.5), torch.tensor([0.75,
                                                                   0.25]))
    empty = probs[:0]
    assert update_moving_probs(m, empty) is m
    assert update_moving_probs(None, empty) is None


def test_fisher_diagonal_and_penalty_by_hand():
    fisher = fisher_diagonal(
        iter([[torch.tensor([2.0]),
               torch.tensor([1.0, -1.0])],
              [torch.tensor([4.0]),
               torch.tensor([3.0, 0.0])]]))
    # the mean over batches of the squared gradients
    torch.testing.assert_close(fisher[0], torch.tensor([10.0]))
    torch.testing.assert_close(fisher[1], torch.tensor([5.0, 0.5]))
    with pytest.raises(ValueError, match='no batch'):
        fisher_diagonal(iter([]))
    params = [torch.tensor([1.0]), torch.tensor([2.0, 2.0])]
    anchors = [torch.tensor([0.0]), torch.tensor([1.0, 4.0])]
    # 3 * (10 * 1 + 5 * 1 + 0.5 * 4)
    assert fisher_penalty(params, fisher, anchors, 3.0).item() == 51.0


def _normalised(adapter, x):
    pre = adapter.classifier.data_preprocessor
    return (x * 50 + 127.5 - pre.mean) / pre.std


def test_compute_fisher_is_the_mean_squared_batch_gradient():
    adapter = EATAAdapter(confident_classifier())
    adapter.reset()
    source = copy.deepcopy(adapter.classifier.state_dict())
    batches = [_normalised(adapter, x) for x in random_batches(3, size=8)]
    adapter.compute_fisher(iter(batches))
    params = [p for _, p in adapter.params]
    by_hand = [torch.zeros_like(p) for p in params]
    for x in batches:
        logits = adapter.classifier(x, mode='tensor')
        loss = torch.nn.functional.cross_entropy(logits, logits.argmax(1))
        for acc, g in zip(by_hand, torch.autograd.grad(loss, params)):
            acc += g**2 / len(batches)
    for mine, ref in zip(adapter.fisher, by_hand):
        torch.testing.assert_close(mine, ref)
    assert any(f.abs().sum() > 0 for f in adapter.fisher)
    # nothing moved: weights, gradients, optimizer state
    for k, v in adapter.classifier.state_dict().items():
        assert torch.equal(v, source[k]), k
    assert all(p.grad is None for p in params)
    assert not adapter.optimizer.state
    for p, a in zip(params, adapter.anchors):
        assert torch.equal(p, a) and p.data_ptr() != a.data_ptr()


def test_without_the_fisher_importance_names_the_keys():
    adapter = EATAAdapter(confident_classifier(), fisher_alpha=1.0)
    adapter.reset()
    with pytest.raises(RuntimeError, match='FisherImportanceHook') as err:
        adapter.adapt(random_batches(1)[0])
    assert 'model.fisher_alpha' in str(err.value)
    # ETA needs no source data
    eta = EATAAdapter(confident_classifier(), fisher_alpha=0.)
    eta.reset()
    eta.adapt(random_batches(1)[0])


def test_bad_arguments_name_the_key():
    with pytest.raises(ValueError, match='model.fisher_alpha'):
        EATAAdapter(confident_classifier(), fisher_alpha=-1.)
    with pytest.raises(ValueError, match='model.prob_momentum'):
        EATAAdapter(confident_classifier(), prob_momentum=0.)
    with pytest.raises(ValueError, match='model.norm_types'):
        EATAAdapter(confident_classifier(), norm_types=('GroupNorm', ))


def test_reset_keeps_the_fisher_and_forgets_the_moving_average():
    adapter = EATAAdapter(confident_classifier(), d_margin=0.4)
    adapter.reset()
    source = copy.deepcopy(adapter.classifier.state_dict())
    adapter.compute_fisher(
        iter([_normalised(adapter, x) for x in random_batches(2, size=8)]))
    fisher = [f.clone() for f in adapter.fisher]
    for x in random_batches(3, size=24):
        adapter.adapt(_normalised(adapter, x))
    assert adapter.moving_probs is not None and adapter.optimizer.state
    assert any(not torch.equal(v, source[k])
               for k, v in adapter.classifier.state_dict().items())
    adapter.reset()
    assert adapter.moving_probs is None and not adapter.optimizer.state
    for k, v in adapter.classifier.state_dict().items():
        assert torch.equal(v, source[k]), k
    for a, b in zip(adapter.fisher, fisher):
        assert torch.equal(a, b)


def _source_loader(n=40, batch_size=8, seed=3):
    """A loader of mmda batches (uint8 images and labels), shuffled."""
    g = torch.Generator().manual_seed(seed)
    images = torch.randint(
        0, 256, (n, 3, 32, 32), generator=g, dtype=torch.uint8)
    samples = [
        dict(inputs=img, data_samples=DataSample().set_gt_label(i % 10))
        for i, img in enumerate(images)
    ]
    return DataLoader(
        samples,
        batch_size=batch_size,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed),
        collate_fn=pseudo_collate)


def test_source_batches_cuts_at_num_samples():
    loader = _source_loader(n=20, batch_size=8)
    sizes = [len(b['inputs']) for b in source_batches(loader, 13)]
    assert sizes == [8, 5]
    assert [len(b['inputs']) for b in source_batches(loader)] == [8, 8, 4]


@pytest.mark.skipif(
    not tta_lib_has('eata.py'),
    reason=f'no checkout of the test-time adaptation library at {TTA_LIB}')
def test_same_predictions_fisher_and_weights_as_the_library(monkeypatch):
    with library_imports(monkeypatch):
        from benchmarks.peers.tent_digits import LogitsModel
        from benchmarks.peers.tta_library_digits import (import_method,
                                                         library_cfg,
                                                         use_source_loader)
        EATA = import_method(TTA_LIB, 'eata')
        # 36 source samples in batches of 8: the last one cut to 4; each
        # side its own loader (a pass moves the shuffle's generator)
        use_source_loader(_source_loader(n=40, batch_size=8), 36)
        cfg = library_cfg('eata', **{
            'TEST.BATCH_SIZE': 8,
            'SOURCE.NUM_SAMPLES': 36
        })
        wrapped = LogitsModel(confident_classifier())
        wrapped.model_preprocess = None
        theirs = EATA(cfg, wrapped, 10)
        ours = EATAAdapter(
            confident_classifier(), d_margin=0.4, fisher_alpha=1.0)
        ours.reset()
        pre = ours.classifier.data_preprocessor
        ours.compute_fisher(
            pre(b, False)['inputs']
            for b in source_batches(_source_loader(n=40, batch_size=8), 36))
        names = ours.adapted_parameter_names()
        for name, mine in zip(names, ours.fisher):
            torch.testing.assert_close(
                mine, theirs.fishers[f'classifier.{name}'][0], msg=name)
        used = []
        for x in random_batches(5, size=24):
            out_theirs = theirs(x * 50 + 127.5)
            before = ours.moving_probs
            out_ours = ours.adapt(_normalised(ours, x))
            torch.testing.assert_close(out_ours, out_theirs)
            keep = reliable(softmax_entropy(out_ours), 0.4 * math.log(10))
            probs = out_ours[keep].softmax(1)
            used.append(len(non_redundant(probs, before, 0.4)[0]))
            torch.testing.assert_close(ours.moving_probs,
                                       theirs.current_model_probs)
        # both filters were at work: some samples, not all, were used
        assert theirs.num_samples_update_2 == sum(used)
        assert 0 < sum(used) < theirs.num_samples_update_1 < 5 * 24
        mine = ours.classifier.state_dict()
        for k, v in theirs.model.classifier.state_dict().items():
            if v.is_floating_point():
                torch.testing.assert_close(mine[k], v, msg=k)
        # the library's reset as ours: the source weights, no moving
        # average, the Fisher importance kept
        theirs.reset()
        ours.reset()
        assert theirs.current_model_probs is None and ours.moving_probs is None
        mine = ours.classifier.state_dict()
        for k, v in theirs.model.classifier.state_dict().items():
            if v.is_floating_point():
                assert torch.equal(mine[k], v), k
