# Copyright (c) mmda contributors. All rights reserved.
import math

import pytest
import torch

from mmda.models.layers import (RSC, rsc, rsc_drop_mask, rsc_feature_gradient,
                                rsc_features, rsc_select_samples,
                                rsc_spatial_choice)


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
    assert layer.spatial is None  # until a hook draws it
    with pytest.raises(ValueError, match='batch_percent must be in'):
        RSC(batch_percent=1.5)


def test_spatial_choice_from_seed_and_iteration():
    draws = [rsc_spatial_choice(0, i, 'RSC', 0.5) for i in range(64)]
    assert draws == [rsc_spatial_choice(0, i, 'RSC', 0.5) for i in range(64)]
    assert 16 < sum(draws) < 48
    assert draws != [rsc_spatial_choice(1, i, 'RSC', 0.5) for i in range(64)]


def test_features_challenge_the_labelled_rows_of_the_last_map():
    torch.manual_seed(0)
    weight = torch.randn(16, 5)
    lower = torch.randn(7, 8, 8, 8)
    z = torch.randn(7, 16, 4, 4)
    labels = torch.randint(0, 5, (4, ))
    seen = []

    def head(feats):
        seen.append(tuple(len(f) for f in feats))
        return _linear_head(weight)(feats[-1])

    (out_lower, out), mask = rsc_features((lower, z),
                                          head,
                                          labels,
                                          True,
                                          batch_percent=1.0)
    assert out_lower is lower and torch.equal(out[4:], z[4:])
    expected, expected_mask = rsc(
        z[:4], _linear_head(weight), labels, True, batch_percent=1.0)
    torch.testing.assert_close(out[:4], expected)
    torch.testing.assert_close(mask, expected_mask)
    assert seen == [(4, 4), (4, 4)]  # the two probing passes, labelled rows


def test_feature_vectors_are_muted_channel_wise():
    torch.manual_seed(0)
    weight = torch.randn(10, 3)
    z = torch.randn(6, 10)
    out, mask = rsc_features(z, lambda v: v @ weight,
                             torch.arange(6) % 3, None)
    assert out.shape == z.shape and mask.shape == (6, 10, 1, 1)
    torch.testing.assert_close(out, z * mask.flatten(1))


def test_features_refuse_bad_input_naming_the_layer():
    head = _linear_head(torch.randn(4, 2))
    z = torch.randn(3, 4, 2, 2)
    with pytest.raises(RuntimeError, match='RSC at x: no spatial'):
        rsc_features(z, head, torch.tensor([0, 1]), None, where='RSC at x')
    with pytest.raises(ValueError, match='RSC at x: 4 labels for a batch of'):
        rsc_features(z, head, torch.zeros(4), True, where='RSC at x')
    with pytest.raises(ValueError, match='RSC at x expects feature maps'):
        rsc_features(
            torch.randn(3, 4, 2), head, torch.zeros(2), True, where='RSC at x')
