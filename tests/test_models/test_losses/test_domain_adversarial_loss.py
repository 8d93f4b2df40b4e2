# Copyright (c) mmda contributors. All rights reserved.
import math

import torch
from torch import nn

from mmda.models import (DomainAdversarialLoss, DomainDiscriminator,
                         GradientReverseLayer, domain_adversarial_loss)


def test_bce_against_hand_computed_value():
    logits_s = torch.tensor([0.0, 2.0])
    logits_t = torch.tensor([-1.0])

    def sigmoid(v):
        return 1 / (1 + math.exp(-v))

    # source label 1: -log d ; target label 0: -log(1 - d)
    expected = -(math.log(sigmoid(0.0)) + math.log(sigmoid(2.0)) +
                 math.log(1 - sigmoid(-1.0))) / 3
    loss = domain_adversarial_loss(logits_s, logits_t)
    assert abs(loss.item() - expected) < 1e-6


def test_sign_is_applied_once_by_the_grl():
    """The discriminator descends L_d; the features ascend it, scaled by
    lambda."""
    torch.manual_seed(0)
    disc = nn.Linear(3, 1)
    grl = GradientReverseLayer(coeff=0.4)
    module = DomainAdversarialLoss(
        discriminator=_squeeze(disc), grl=grl, loss_weight=1.0)
    f_s = torch.randn(4, 3, requires_grad=True)
    f_t = torch.randn(5, 3, requires_grad=True)
    out = module(f_s, f_t)
    out['loss_domain'].backward()

    # Reference: the same loss without the GRL.
    f_s2 = f_s.detach().clone().requires_grad_()
    f_t2 = f_t.detach().clone().requires_grad_()
    disc2 = nn.Linear(3, 1)
    disc2.load_state_dict(disc.state_dict())
    ref = domain_adversarial_loss(
        disc2(f_s2).squeeze(1),
        disc2(f_t2).squeeze(1))
    ref.backward()
    torch.testing.assert_close(out['loss_domain'], ref)
    # the discriminator is trained to minimise L_d: same gradient
    torch.testing.assert_close(disc.weight.grad, disc2.weight.grad)
    # the features get -lambda times that gradient, once
    torch.testing.assert_close(f_s.grad, -0.4 * f_s2.grad)
    torch.testing.assert_close(f_t.grad, -0.4 * f_t2.grad)
    assert 0 <= out['domain_acc'].item() <= 100


def test_discriminator_shape_and_layers():
    disc = DomainDiscriminator(in_channels=6, hidden_channels=(5, 4))
    linears = [m for m in disc.modules() if isinstance(m, nn.Linear)]
    assert [(m.in_features, m.out_features)
            for m in linears] == [(6, 5), (5, 4), (4, 1)]
    assert sum(isinstance(m, nn.Dropout) for m in disc.modules()) == 2
    assert disc(torch.randn(7, 6)).shape == (7, )


class _squeeze(nn.Module):

    def __init__(self, linear):
        super().__init__()
        self.linear = linear

    def forward(self, x):
        return self.linear(x).squeeze(1)
