# Copyright (c) mmda contributors. All rights reserved.
"""DomainBed's Rotated and Colored MNIST: the construction's functions, the
datasets, and (where a DomainBed checkout is present) equality with
DomainBed's own classes."""
import numpy as np
import pytest
import torch
from domainbed_peer import DOMAINBED, domainbed_module, needs_domainbed
from synthetic_data import make_mnist

from mmda.datasets import ColoredMNIST, MultiDomainDataset, RotatedMNIST
from mmda.datasets.digits.environment_mnist import (color_digits,
                                                    holdout_split,
                                                    rotate_digits, seed_hash,
                                                    split_environments)


def _gen(seed=0):
    return torch.Generator().manual_seed(seed)


def test_split_environments_deals_a_shuffled_pool():
    images = torch.arange(
        10, dtype=torch.uint8).view(10, 1, 1).expand(10, 2, 2).contiguous()
    labels = torch.arange(10)
    envs = split_environments(images, labels, 3, _gen())
    perm = torch.randperm(10, generator=_gen())
    assert [len(y) for _, y in envs] == [4, 3, 3]
    for i, (x, y) in enumerate(envs):
        assert torch.equal(y, perm[i::3])
        assert torch.equal(x[:, 0, 0].long(), y)  # images follow labels
    assert sorted(torch.cat([y for _, y in envs]).tolist()) == list(range(10))


def test_rotate_digits_turns_counter_clockwise():
    img = torch.zeros(1, 28, 28, dtype=torch.uint8)
    img[0, 2:6, 20:24] = 255  # a block in the top right
    assert torch.equal(rotate_digits(img, 0), img)
    # 90 degrees about the centre maps the pixel grid onto itself
    turned = rotate_digits(img, 90)
    assert torch.equal(turned[0], torch.rot90(img[0], 1))
    assert turned[0, 4:24, 0:8].sum() > 0  # now top left
    # other angles interpolate, and the corners fill with black
    assert rotate_digits(torch.full((1, 28, 28), 255, dtype=torch.uint8),
                         45)[0, 0, 0] == 0


def test_color_digits_follows_the_equation():
    n = 8
    digits = torch.tensor([0, 1, 4, 5, 6, 9, 2, 7])
    images = torch.full((n, 3, 3), 200, dtype=torch.uint8)
    x, y = color_digits(images, digits, 0.3, _gen(5))
    draw = _gen(5)
    noise = torch.rand(n, generator=draw) < 0.25
    flip = torch.rand(n, generator=draw) < 0.3
    expected_y = (digits < 5) ^ noise
    colour = expected_y ^ flip
    assert torch.equal(y, expected_y.long())
    assert x.shape == (n, 2, 3, 3) and x.dtype == torch.uint8
    for i in range(n):
        kept = int(colour[i])
        assert (x[i, kept] == 200).all() and (x[i, 1 - kept] == 0).all()


def test_colored_mnist_correlations_per_domain():
    ds = {
        d: ColoredMNIST(domain=d, split=None, env_seed=0)
        for d in ColoredMNIST.DOMAINS
    }
    for domain, flip in zip(ColoredMNIST.DOMAINS, ColoredMNIST.ENVIRONMENTS):
        infos = [ds[domain].get_data_info(i) for i in range(len(ds[domain]))]
        colour = np.array([int(i['img'][..., 1].sum() > 0) for i in infos])
        label = np.array([i['gt_label'] for i in infos])
        agree = (colour == label).mean()
        assert abs(agree - (1 - flip)) < 0.03, (domain, agree)


def test_holdout_split_and_seed_hash_are_domainbeds():
    out_idx, in_idx = holdout_split(10, 0.2, 7)
    keys = list(range(10))
    np.random.RandomState(7).shuffle(keys)
    assert out_idx.tolist() == keys[:2] and in_idx.tolist() == keys[2:]
    # DomainBed's misc.seed_hash((0, 1)) and (1, 3), pinned
    assert seed_hash(0, 1) == 1514274641
    assert seed_hash(1, 3) == 1739848239


def test_rotated_mnist_splits_and_env_seed():
    torch.manual_seed(3)
    parts = {
        s:
        RotatedMNIST(domain='30', split=s, pipeline=[dict(type='PackInputs')])
        for s in ('in', 'out', None)
    }
    assert all(p.env_seed == 3 for p in parts.values())
    assert len(parts['in']) + len(parts['out']) == len(parts[None])
    assert len(parts['out']) == int(len(parts[None]) * 0.2)
    sample = parts['in'][0]
    assert sample['inputs'].shape == (1, 28, 28)
    coloured = ColoredMNIST(
        domain='-90%', env_seed=0, pipeline=[dict(type='PackInputs')])[0]
    assert coloured['inputs'].shape == (2, 28, 28)
    assert parts['in'].metainfo['domains'] == ('30', )
    # another env_seed deals other digits to the domain
    other = RotatedMNIST(domain='30', split=None, env_seed=4)
    assert not np.array_equal(parts[None].get_data_info(0)['img'],
                              other.get_data_info(0)['img'])
    assert RotatedMNIST(domain='30deg', env_seed=3).domains == ['30']


def test_leave_one_domain_out_of_rotated_mnist():
    train = MultiDomainDataset(
        dataset=dict(type='RotatedMNIST', split='in', env_seed=0),
        leave_out='75')
    assert train.metainfo['domains'] == ('0', '15', '30', '45', '60')
    assert len(train) == sum(
        len(RotatedMNIST(domain=d, split='in', env_seed=0))
        for d in ('0', '15', '30', '45', '60'))
    assert {train.get_data_info(i)['domain']
            for i in range(len(train))} == {'0', '15', '30', '45', '60'}


def test_bad_input_names_the_setting():
    with pytest.raises(ValueError, match="unknown domain '90'.*0, 15"):
        RotatedMNIST(domain='90', env_seed=0)
    with pytest.raises(ValueError, match="unknown split 'test'"):
        ColoredMNIST(domain='+90%', split='test', env_seed=0)
    with pytest.raises(ValueError, match='holdout_fraction'):
        RotatedMNIST(domain='0', holdout_fraction=1.0, env_seed=0)
    with pytest.raises(ValueError, match='no domain given'):
        RotatedMNIST(env_seed=0)
    with pytest.raises(ValueError, match="unknown domain '90'"):
        MultiDomainDataset(
            dataset=dict(type='RotatedMNIST', env_seed=0), leave_out='90')


def test_pool_from_mnist_idx_files(tmp_path):
    make_mnist(str(tmp_path), labels=(3, 1, 4, 1, 5, 9), test_labels=(2, 6))
    ds = RotatedMNIST(
        domain=['0', '15'], split=None, data_root=str(tmp_path), env_seed=0)
    # train (6) and test (2) pooled, dealt over six domains: 2 + 2 digits
    assert len(ds) == 4
    assert sorted(ds.get_gt_labels().tolist()) == sorted(
        np.array([3, 1, 4, 1, 5, 9, 2,
                  6])[torch.randperm(8, generator=_gen(0))[[0, 6, 1, 7]]])
    with pytest.raises(FileNotFoundError):
        RotatedMNIST(domain='0', data_root=str(tmp_path / 'none'), env_seed=0)


@needs_domainbed
def test_identical_to_domainbed(monkeypatch):
    with domainbed_module(monkeypatch, 'datasets'):
        from benchmarks.peers.domainbed_mnist_environments import compare
        assert compare(DOMAINBED, [1]) == []
