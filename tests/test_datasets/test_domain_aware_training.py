# Copyright (c) mmda contributors. All rights reserved.
"""Multi-domain DG training sets, UDA targets without labels, and the
class-balanced sampler."""
from collections import Counter
from unittest import mock

import numpy as np
import pytest
from synthetic_data import (folder_domain, make_mnist, make_svhn, make_usps,
                            value)

from mmda.datasets import (PACS, PACS_CLASSES, SVHN, USPS,
                           ClassBalancedSampler, MNISTIdx, MultiDomainDataset,
                           Office31, UnlabeledDataset, leave_one_domain_out)
from mmda.datasets.samplers import class_balanced_sampler

PIPELINE = [
    dict(type='LoadImageFromFile'),
    dict(type='PackInputs', meta_keys=('img_path', 'domain', 'domain_idx'))
]


@pytest.fixture
def pacs_root(tmp_path):
    root = str(tmp_path)
    for i, d in enumerate(PACS.DOMAINS):
        folder_domain(root, d, PACS_CLASSES, per_class=i + 1)
    return root


def test_leave_one_domain_out(pacs_root):
    assert leave_one_domain_out(PACS,
                                'S') == (['art_painting', 'cartoon',
                                          'photo'], 'sketch')
    assert leave_one_domain_out(
        'PACS', 'photo')[0] == ['art_painting', 'cartoon', 'sketch']
    ds = MultiDomainDataset(
        dataset=dict(type='PACS', data_root=pacs_root, pipeline=PIPELINE),
        leave_out='sketch')
    assert ds.metainfo['domains'] == ('art_painting', 'cartoon', 'photo')
    assert ds.metainfo['classes'] == PACS_CLASSES
    # 7 classes x 1, 2, 3 images per class
    assert len(ds) == 7 * (1 + 2 + 3)
    infos = [ds.get_data_info(i) for i in range(len(ds))]
    assert Counter(i['domain_idx'] for i in infos) == {0: 7, 1: 14, 2: 21}
    for info in infos:
        assert f"/{ds.metainfo['domains'][info['domain_idx']]}/" in \
            info['img_path']
        assert info['domain'] == ds.metainfo['domains'][info['domain_idx']]
        assert f"/{PACS_CLASSES[info['gt_label']]}/" in info['img_path']
    assert 'sketch' not in {i['domain'] for i in infos}
    out = ds[10]
    assert out['data_samples'].domain_idx == infos[10]['domain_idx']
    assert out['data_samples'].domain == 'cartoon'
    assert list(ds.get_gt_labels()) == [i['gt_label'] for i in infos]
    assert list(ds.get_domain_indices()) == [i['domain_idx'] for i in infos]


def test_multi_domain_from_heterogeneous_parts(tmp_path):
    make_mnist(str(tmp_path / 'mnist'))
    make_svhn(str(tmp_path / 'svhn'))
    make_usps(str(tmp_path / 'usps'))
    pipeline = [
        dict(type='GrayToRGB'),
        dict(type='Resize', scale=(32, 32)),
        dict(type='PackInputs', meta_keys=('domain_idx', ))
    ]
    ds = MultiDomainDataset(
        datasets=[
            dict(type=MNISTIdx, data_root=str(tmp_path / 'mnist')),
            dict(type=SVHN, data_root=str(tmp_path / 'svhn')),
            USPS(str(tmp_path / 'usps'))
        ],
        pipeline=pipeline)
    assert ds.metainfo['domains'] == ('mnist', 'svhn', 'usps')
    assert len(ds) == 5 + 3 + 3
    out = ds[6]
    assert tuple(out['inputs'].shape) == (3, 32, 32)
    assert out['data_samples'].domain_idx == 1
    assert int(out['data_samples'].gt_label) == 0
    assert int(out['inputs'].float().mean().round()) == value(0, 1)


def test_multi_domain_rejects_mismatched_parts(tmp_path, pacs_root):
    folder_domain(str(tmp_path / 'o31'), 'amazon/images', ('mug', ))
    with pytest.raises(
            ValueError, match='expected the same classes in the '
            'same order'):
        MultiDomainDataset(datasets=[
            PACS(pacs_root, domain='photo'),
            Office31(str(tmp_path / 'o31'), domain='amazon')
        ])
    with pytest.raises(ValueError, match="domain 'photo' is given twice"):
        MultiDomainDataset(datasets=[
            PACS(pacs_root, domain='photo'),
            PACS(pacs_root, domain='photo')
        ])
    with pytest.raises(ValueError, match='give one part per domain'):
        MultiDomainDataset(
            datasets=[PACS(pacs_root, domain=['photo', 'sketch'])])


def test_uda_target_yields_no_labels(pacs_root):
    ds = MultiDomainDataset(
        dataset=dict(type=PACS, data_root=pacs_root, pipeline=PIPELINE),
        domains=['photo', 'sketch'])
    for target in (UnlabeledDataset(ds),
                   UnlabeledDataset(
                       dict(
                           type='PACS',
                           data_root=pacs_root,
                           domain='photo',
                           pipeline=PIPELINE))):
        for i in range(len(target)):
            info = target.get_data_info(i)
            assert 'gt_label' not in info and 'domain' in info
            assert 'gt_label' not in target[i]['data_samples']
    # and the target loop's sampler cannot balance what it cannot see
    with pytest.raises(ValueError, match='expected a labelled dataset'):
        ClassBalancedSampler(UnlabeledDataset(ds), seed=0)


def _sampler_on(rank, world, dataset, **kw):
    with mock.patch.object(
            class_balanced_sampler, 'get_dist_info',
            return_value=(rank, world)):
        return ClassBalancedSampler(dataset, **kw)


class LabelRecorder:
    """A dataset that is only labels."""

    def __init__(self, labels):
        self.labels = np.asarray(labels)

    def __len__(self):
        return len(self.labels)

    def get_gt_labels(self):
        return self.labels


def test_class_balanced_sampler_balances_classes():
    # 90 / 9 / 1 samples of three classes
    data = LabelRecorder([0] * 90 + [1] * 9 + [2])
    sampler = _sampler_on(0, 1, data, seed=3, num_samples=300)
    drawn = list(sampler)
    assert len(drawn) == len(sampler) == 300
    assert Counter(data.labels[drawn]) == {0: 100, 1: 100, 2: 100}
    # a sample repeats only once all of its class has been drawn: the
    # draws of a class are spread evenly over its samples
    for cls, size in ((0, 90), (1, 9)):
        per_sample = Counter(i for i in drawn if data.labels[i] == cls)
        assert len(per_sample) == size
        assert max(per_sample.values()) - min(per_sample.values()) <= 1
    # deterministic per epoch, different across epochs
    assert list(_sampler_on(0, 1, data, seed=3, num_samples=300)) == drawn
    sampler.set_epoch(1)
    assert list(sampler) != drawn


@pytest.mark.parametrize('total', [40, 41])
def test_class_balanced_sampler_splits_distinct_samples_across_ranks(total):
    data = LabelRecorder(np.arange(60) % 4)
    ranks = [
        list(_sampler_on(r, 3, data, seed=7, num_samples=total))
        for r in range(3)
    ]
    full = _sampler_on(0, 3, data, seed=7, num_samples=total)
    seq = full.epoch_indices()
    # each rank takes every third position of one shared sequence
    for r in range(3):
        assert ranks[r] == list(seq[r::3])
        assert len(ranks[r]) == len(full) == -(-total // 3)
    # no group is smaller than its share here: no sample is drawn twice
    drawn = [i for r in ranks for i in r][:total]
    assert len(set(seq[:total].tolist())) == total
    assert Counter(data.labels[seq[:total]]).most_common()[0][1] - \
        Counter(data.labels[seq[:total]]).most_common()[-1][1] <= 1
    assert len(drawn) == total


def test_class_balanced_sampler_by_domain(pacs_root):
    ds = MultiDomainDataset(
        dataset=dict(type=PACS, data_root=pacs_root), leave_out='art_painting')
    sampler = _sampler_on(0, 1, ds, key='domain_idx', seed=0, num_samples=300)
    domains = ds.get_domain_indices()[list(sampler)]
    assert Counter(domains) == {0: 100, 1: 100, 2: 100}


def test_class_balanced_sampler_in_a_dataloader(pacs_root):
    from mmengine.registry import DefaultScope
    from mmengine.runner import Runner
    with DefaultScope.overwrite_default_scope('mmda'):
        loader = Runner.build_dataloader(
            dict(
                batch_size=4,
                num_workers=0,
                dataset=dict(
                    type='PACS',
                    data_root=pacs_root,
                    domain='sketch',
                    pipeline=PIPELINE),
                sampler=dict(type='ClassBalancedSampler', seed=0)))
    batch = next(iter(loader))
    assert len(batch['data_samples']) == 4
