# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch
from mmpretrain.models import ClsDataPreprocessor
from mmpretrain.structures import DataSample

from mmda.models import UDADataPreprocessor
from mmda.models.data_preprocessors.uda_data_preprocessor import _stacked


def _batch(shapes, labelled=True):
    g = torch.Generator().manual_seed(len(shapes))
    return dict(
        inputs=[
            torch.randint(0, 256, s, dtype=torch.uint8, generator=g)
            for s in shapes
        ],
        data_samples=[
            DataSample().set_gt_label(i % 10) if labelled else DataSample()
            for i in range(len(shapes))
        ])


@pytest.mark.parametrize(
    'kwargs, shapes',
    [
        (dict(mean=[127.5], std=[127.5]), [(1, 28, 28)] * 5),
        (dict(mean=[1., 2., 3.], std=[4., 5., 6.],
              to_rgb=True), [(3, 10, 12)] * 4),
        (dict(mean=[127.5], std=[127.5], pad_size_divisor=8,
              pad_value=-1), [(1, 28, 28)] * 3),
        # Different shapes are not stacked: padded image by image.
        (dict(mean=[127.5], std=[127.5]), [(1, 28, 28), (1, 20, 24)]),
    ])
def test_same_values_as_cls_data_preprocessor(kwargs, shapes):
    """Stacking same-shape images before normalising changes nothing."""
    ours, ref = UDADataPreprocessor(**kwargs), ClsDataPreprocessor(**kwargs)
    for training in (True, False):
        out, expected = ours(_batch(shapes),
                             training), ref(_batch(shapes), training)
        assert torch.equal(out['inputs'], expected['inputs'])
        assert [s.gt_label for s in out['data_samples']
                ] == [s.gt_label for s in expected['data_samples']]
    both = ours(
        dict(source=_batch(shapes), target=_batch(shapes, False)), True)
    assert torch.equal(both['inputs']['source'],
                       ref(_batch(shapes), True)['inputs'])
    assert torch.equal(both['inputs']['target'],
                       ref(_batch(shapes, False), True)['inputs'])
    assert 'gt_label' not in both['data_samples']['target'][0]


def test_stacked_only_for_same_shape_images():
    same = _batch([(1, 4, 4)] * 3)
    assert _stacked(same)['inputs'].shape == (3, 1, 4, 4)
    assert _stacked(same)['data_samples'] is same['data_samples']
    for batch in (_batch([(1, 4, 4), (1, 4, 5)]), _batch([(4, 4)] * 2),
                  dict(inputs=torch.zeros(2, 1, 4, 4)), dict(inputs=[])):
        assert _stacked(batch) is batch
