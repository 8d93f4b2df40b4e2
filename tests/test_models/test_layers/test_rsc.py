# Copyright (c) mmda contributors. All rights reserved.
import math

import pytest
import torch

from mmda.models.layers import (RSC, rsc, rsc_drop_mask, rsc_feature_gradient,
                                rsc_select_samples)


def _linear_head(weight):
    return lambda z: z.mean(dim=(2, 3)) @ weight


def test_gradient_is_true_class_weight_over_area():
    weight = torch.tensor([[1., -2.], [3., 4.], [0.5, 0.]])  # C=3, K=2
    z = torch.randn(2, 3, 2, 2, requires_grad=True)
    grad, logits, targets = rsc_feature_gradient(z, _linear_head(weight),
                                                 torch.tensor([1, 0]))
    # d logit_y / d z[c, h, w] = W[c, y] / (H * W)
    expected = torch.stack([weight[:, 1], weight[:, 0]]).view(2, 3, 1, 1) / 4
    torch.testing.assert_close(grad, expected.expand(2, 3, 2, 2))
    torch.testing.assert_close(targets, torch.tensor([[0., 1.], [1., 0.]]))
    assert z.grad is None and not logits.requires_grad


def test_spatial_mask_by_hand():
    z = torch.tensor([[[[1., 2.], [3., 4.]]]])
    # importance = z * mean_hw(g) = z; ceil(4 / 3) = 2 positions muted.
    mask = rsc_drop_mask(z, torch.ones_like(z), True, 1 / 3)
    torch.testing.assert_close(mask, torch.tensor([[[[1., 1.], [0., 0.]]]]))


def test_channel_mask_by_hand():
    z = torch.ones(1, 4, 2, 2)
    grad = torch.tensor([0.1, 0.5, -1., 0.3]).view(1, 4, 1,
                                                   1).expand(1, 4, 2, 2)
    # ceil(4 / 3.2) = 2 channels muted: the two largest mean gradients.
    mask = rsc_drop_mask(z, grad, False, 1 / 3.2)
    torch.testing.assert_close(mask.flatten(), torch.tensor([1., 0., 1., 0.]))


@pytest.mark.parametrize('spatial,count,fraction', [(True, 49, 1 / 3),
                                                    (False, 32, 1 / 3.2)])
def test_mask_fraction(spatial, count, fraction):
    z, grad = torch.randn(6, 32, 7, 7), torch.randn(6, 32, 7, 7)
    mask = rsc_drop_mask(z, grad, spatial, fraction)
    muted = (mask == 0).flatten(1).sum(1)
    assert muted.tolist() == [math.ceil(count * fraction)] * 6


def test_batch_selection_by_hand():
    p_before = torch.tensor([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    p_after = torch.tensor([0.1, 0.7, 0.68, 0.6, 0.0, 0.45])
    # change = [0.8, 0.1, 0.02, 0, 0.5, 0] (- 1e-4, clamped); the value at
    # rank round(6 / 3) = 2 of the descending sort is 0.1.
    keep = rsc_select_samples(p_before, p_after, 1 / 3)
    assert keep.tolist() == [True, False, False, False, True, False]
    assert not rsc_select_samples(p_before, p_after, 0.0).any()


@pytest.mark.parametrize('spatial', [True, False])
def test_mask_only_on_selected_samples(spatial):
    torch.manual_seed(0)
    weight = torch.randn(16, 5)
    z = torch.randn(12, 16, 4, 4, requires_grad=True)
    labels = torch.randint(0, 5, (12, ))
    head = _linear_head(weight)
    muted, mask = rsc(z, head, labels, spatial, batch_percent=1 / 3)
    mask = mask.expand_as(z)
    challenged = (mask == 0).flatten(1).any(1)
    # Recompute which samples should be challenged.
    grad, logits, targets = rsc_feature_gradient(z, head, labels)
    drop = rsc_drop_mask(z.detach(), grad, spatial,
                         1 / 3 if spatial else 1 / 3.2)
    p_before = (logits.softmax(1) * targets).sum(1)
    p_after = (head(z.detach() * drop).softmax(1) * targets).sum(1)
    expected = rsc_select_samples(p_before, p_after, 1 / 3)
    assert challenged.tolist() == expected.tolist()
    assert 0 < challenged.sum() <= 4
    torch.testing.assert_close(mask[challenged], drop.expand_as(z)[challenged])
    assert (mask[~challenged] == 1).all()
    torch.testing.assert_close(muted, z * mask)
    muted.sum().backward()
    torch.testing.assert_close(z.grad, mask)


def test_module_is_identity_in_eval_and_needs_labels_in_training():
    layer = RSC()
    x = torch.randn(2, 4, 3, 3)
    assert layer.eval()(x) is x
    with pytest.raises(RuntimeError, match='RSC acts in training forwards'):
        layer.train()(x)
    assert not list(layer.parameters())
    assert "head=('neck', 'head')" in repr(layer)
    with pytest.raises(ValueError, match='batch_percent must be in'):
        RSC(batch_percent=1.5)
