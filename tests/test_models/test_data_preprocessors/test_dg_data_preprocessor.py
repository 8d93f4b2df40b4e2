# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch
from mmpretrain.models import ClsDataPreprocessor
from mmpretrain.structures import DataSample

from mmda.models import DGDataPreprocessor
from mmda.models.plugins import labels_of_samples
from mmda.registry import MODELS

ARGS = dict(mean=[1., 2., 3.], std=[4., 5., 6.], to_rgb=True)


def _batch(n=4, score=False):
    g = torch.Generator().manual_seed(n)
    samples = []
    for i in range(n):
        sample = DataSample().set_gt_label(i % 3)
        if score:
            sample.set_gt_score(torch.rand(3, generator=g))
        samples.append(sample)
    return dict(
        inputs=torch.randint(
            0, 256, (n, 3, 6, 8), dtype=torch.uint8, generator=g),
        data_samples=samples)


@pytest.mark.parametrize('score', [False, True])
def test_flip_concat_doubles_the_training_batch(score):
    out = DGDataPreprocessor(
        flip_concat=True, **ARGS)(_batch(score=score), True)
    plain = ClsDataPreprocessor(**ARGS)(_batch(score=score), True)
    x, samples = out['inputs'], out['data_samples']
    assert x.shape == (8, 3, 6, 8)
    # The official torch.flip(data, (3,)): the width axis.
    assert torch.equal(x[:4], plain['inputs'])
    assert torch.equal(x[4:], torch.flip(plain['inputs'], (3, )))
    assert len(samples) == 8
    labels = labels_of_samples(samples)
    expected = labels_of_samples(plain['data_samples'])
    assert torch.equal(labels, torch.cat((expected, expected)))
    assert torch.equal(
        torch.cat([s.gt_label for s in samples]),
        torch.tensor([0, 1, 2, 0] * 2))
    # Copies: a change to a mirror's sample does not reach the original.
    assert all(samples[i] is not samples[i + 4] for i in range(4))
    samples[4].set_gt_label(2)
    assert samples[0].gt_label.item() == 0


def test_flip_concat_follows_batch_augments():
    """The flipped half carries the mixed scores of its original."""
    pre = DGDataPreprocessor(
        flip_concat=True,
        num_classes=3,
        batch_augments=dict(augments=dict(type='Mixup', alpha=1.)),
        **ARGS)
    out = pre(_batch(), True)
    scores = torch.stack([s.gt_score for s in out['data_samples']])
    assert torch.equal(scores[:4], scores[4:])
    assert torch.equal(out['inputs'][4:], out['inputs'][:4].flip(-1))


@pytest.mark.parametrize('flip_concat', [False, True])
def test_evaluation_batches_are_unchanged(flip_concat):
    out = DGDataPreprocessor(flip_concat=flip_concat, **ARGS)(_batch(), False)
    ref = ClsDataPreprocessor(**ARGS)(_batch(), False)
    assert torch.equal(out['inputs'], ref['inputs'])
    assert len(out['data_samples']) == 4


def test_off_by_default_is_cls_data_preprocessor():
    out = DGDataPreprocessor(**ARGS)(_batch(), True)
    ref = ClsDataPreprocessor(**ARGS)(_batch(), True)
    assert torch.equal(out['inputs'], ref['inputs'])
    assert len(out['data_samples']) == 4


def test_unlabelled_training_batch_doubles_the_images():
    out = DGDataPreprocessor(
        flip_concat=True, **ARGS)(dict(inputs=_batch()['inputs']), True)
    assert out['inputs'].shape[0] == 8 and out['data_samples'] is None


def test_flip_concat_must_be_a_bool():
    with pytest.raises(TypeError, match='flip_concat'):
        DGDataPreprocessor(flip_concat='yes')


@pytest.mark.parametrize('type',
                         ['ClsDataPreprocessor', 'UDADataPreprocessor'])
def test_preprocessors_without_the_option_refuse_it(type):
    """The option exists only where it works: no silent ignore."""
    with pytest.raises(TypeError, match='flip_concat'):
        MODELS.build(dict(type=type, flip_concat=True))
