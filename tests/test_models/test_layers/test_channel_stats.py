# Copyright (c) mmda contributors. All rights reserved.
import torch

from mmda.models import CrossNorm, SelfNorm
from mmda.models.layers import channel_mean_std, cross_norm


def test_population_variance_by_default():
    x = torch.randn(2, 3, 4, 5)
    mean, std = channel_mean_std(x, eps=0.0)
    flat = x.flatten(2)
    assert torch.allclose(mean.flatten(2).squeeze(-1), flat.mean(2))
    assert torch.allclose(
        std.flatten(2).squeeze(-1),
        flat.var(2, unbiased=False).sqrt())


def test_unbiased_is_the_official_calc_ins_mean_std():
    """The official ``calc_ins_mean_std``: ``x.view(N, C, -1).var(dim=2) +
    eps``, then the square root (``Tensor.var`` is unbiased)."""
    x = torch.randn(2, 3, 4, 4)
    mean, std = channel_mean_std(x, eps=1e-5, unbiased=True)
    official_std = (x.view(2, 3, -1).var(dim=2) + 1e-5).sqrt()
    assert torch.allclose(std.view(2, 3), official_std)
    assert torch.allclose(mean.view(2, 3), x.view(2, 3, -1).mean(dim=2))
    # a 1x1 map keeps a finite std (the official code would give NaN)
    _, std_1x1 = channel_mean_std(x[:, :, :1, :1], eps=1e-5, unbiased=True)
    assert torch.isfinite(std_1x1).all()


def test_layers_pass_unbiased_through():
    torch.manual_seed(0)
    x = torch.randn(4, 3, 6, 6)
    index = torch.tensor([1, 0, 3, 2])
    for unbiased in (False, True):
        torch.manual_seed(1)
        expected = cross_norm(
            x, crop='neither', style_index=index, unbiased=unbiased)
        style_mean, style_std = channel_mean_std(x[index], 1e-5, unbiased)
        mean, std = channel_mean_std(x, 1e-5, unbiased)
        assert torch.allclose(expected,
                              (x - mean) / std * style_std + style_mean)
    layer = CrossNorm(crop='neither', unbiased=True).train()
    assert 'unbiased=True' in repr(layer)
    norm = SelfNorm(3, unbiased=True).eval()
    fc_in = {}

    def keep_input(module, inputs, output):
        fc_in['stats'] = inputs[0]

    norm.g.fc.register_forward_hook(keep_input)
    norm(x)
    _, std = channel_mean_std(x, 1e-12, unbiased=True)
    assert torch.allclose(fc_in['stats'][..., 1], std.view(4, 3))
