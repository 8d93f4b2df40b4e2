# Copyright (c) mmda contributors. All rights reserved.
import math

import pytest
import torch

from mmda.models.layers import (CrossNorm, channel_mean_std, cross_norm,
                                random_box, transfer_statistics)


def _stats(x):
    return channel_mean_std(x, eps=0.0)


def test_transfer_statistics_by_hand():
    a = torch.tensor([[[[1., 3.], [5., 7.]]]])
    # mu_A = 4, sigma_A = sqrt(((-3)^2 + 1 + 1 + 3^2) / 4) = sqrt(5)
    out = transfer_statistics(a, torch.tensor(10.), torch.tensor(2.), eps=0)
    s = 2 / math.sqrt(5)
    expected = torch.tensor([[[[10 - 3 * s, 10 - s], [10 + s, 10 + 3 * s]]]])
    torch.testing.assert_close(out, expected)


def test_two_instance_takes_the_other_samples_statistics():
    torch.manual_seed(0)
    x = torch.randn(4, 3, 6, 5) * torch.rand(4, 3, 1, 1) * 3 + torch.randn(
        4, 3, 1, 1)
    perm = torch.tensor([2, 0, 3, 1])
    out = cross_norm(x, '2-instance', 'neither', eps=0, style_index=perm)
    mean, std = _stats(out)
    style_mean, style_std = _stats(x[perm])
    torch.testing.assert_close(mean, style_mean)
    torch.testing.assert_close(std, style_std)
    # The content (normalised map) is kept.
    norm = (x - _stats(x)[0]) / _stats(x)[1]
    torch.testing.assert_close((out - mean) / std, norm)


def test_one_instance_swaps_channels_of_the_same_sample():
    torch.manual_seed(1)
    x = torch.randn(2, 4, 5, 5) * torch.arange(1., 5.).view(1, 4, 1, 1)
    perm = torch.tensor([3, 2, 1, 0])
    out = cross_norm(x, '1-instance', 'neither', eps=0, style_index=perm)
    mean, std = _stats(out)
    torch.testing.assert_close(mean, _stats(x)[0][:, perm])
    torch.testing.assert_close(std, _stats(x)[1][:, perm])


def test_content_crop_changes_only_the_box():
    x = torch.randn(3, 2, 8, 8) * 2
    perm = torch.tensor([1, 2, 0])
    torch.manual_seed(5)
    out = cross_norm(x, '2-instance', 'content', eps=0, style_index=perm)
    torch.manual_seed(5)
    top, bottom, left, right = random_box(8, 8, 0.1)
    inside = torch.zeros(8, 8, dtype=torch.bool)
    inside[top:bottom, left:right] = True
    assert not inside.all()
    torch.testing.assert_close(out[..., ~inside], x[..., ~inside])
    box = out[:, :, top:bottom, left:right]
    torch.testing.assert_close(_stats(box)[0], _stats(x[perm])[0])
    torch.testing.assert_close(_stats(box)[1], _stats(x[perm])[1])


def test_style_crop_takes_statistics_from_the_box():
    x = torch.randn(3, 2, 8, 8)
    perm = torch.tensor([2, 0, 1])
    torch.manual_seed(7)
    out = cross_norm(x, '2-instance', 'style', eps=0, style_index=perm)
    torch.manual_seed(7)
    top, bottom, left, right = random_box(8, 8, 0.1)
    style = x[perm][:, :, top:bottom, left:right]
    torch.testing.assert_close(_stats(out)[0], _stats(style)[0])
    torch.testing.assert_close(_stats(out)[1], _stats(style)[1])


@pytest.mark.parametrize('threshold', [0.1, 0.5])
def test_random_box_covers_at_least_the_threshold(threshold):
    torch.manual_seed(0)
    for _ in range(50):
        top, bottom, left, right = random_box(7, 9, threshold)
        assert 0 <= top < bottom <= 7 and 0 <= left < right <= 9
        assert (bottom - top) * (right - left) >= threshold * 63


def test_module_is_identity_in_eval_and_when_inactive():
    x = torch.randn(4, 3, 5, 5)
    layer = CrossNorm(crop='neither')
    assert not torch.equal(layer(x), x)
    layer.eval()
    assert layer(x) is x
    layer.train()
    layer.active = False
    assert layer(x) is x
    assert "crop='neither'" in repr(layer) and 'active=False' in repr(layer)
    assert not list(layer.parameters())


def test_module_refuses_2d_input_even_when_idle():
    layer = CrossNorm(active=False).eval()
    with pytest.raises(
            ValueError,
            match=r'CrossNorm expects .*\(N, C, H, W'
            r'\), got \(4, 8\)'):
        layer(torch.randn(4, 8))


def test_bad_settings_are_named():
    with pytest.raises(ValueError, match="mode must be one of"):
        CrossNorm(mode='3-instance')
    with pytest.raises(ValueError, match="crop must be one of"):
        CrossNorm(crop='all')
