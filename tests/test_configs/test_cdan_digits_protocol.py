# Copyright (c) mmda contributors. All rights reserved.
"""CDAN's digits configs are DANN's (tllib's network and recipe) with
cdan.py's conditional loss and discriminator; CDAN+E's add --entropy."""
import pytest
import torch
from config_path import config_path
from mmengine.config import Config

from mmda.models import ConditionalDomainAdversarialLoss, MultilinearMap
from mmda.registry import MODELS


@pytest.mark.parametrize('task', ['uci2mnist5k', 'mnist5k2uci'])
def test_cdan_digits_is_dann_with_the_conditional_loss(task):
    cdan = Config.fromfile(config_path('cdan', f'cdan_lenet_2k_digits_{task}'))
    dann = Config.fromfile(config_path('dann', f'dann_lenet_2k_digits_{task}'))
    for key in ('optim_wrapper', 'param_scheduler', 'train_cfg',
                'train_dataloader', 'target_dataloader', 'test_dataloader',
                'custom_hooks'):
        assert cdan[key] == dann[key], key
    cdan_model, dann_model = dict(cdan.model), dict(dann.model)
    cdan_loss, = cdan_model.pop('da_losses')
    dann_model.pop('da_losses')
    assert cdan_model == dann_model
    # cdan.sh "Digits": no --entropy, no --randomized, --trade-off 1
    assert cdan_loss['type'] is ConditionalDomainAdversarialLoss
    assert (cdan_loss['entropy_conditioning'], cdan_loss['randomized'],
            cdan_loss['loss_weight']) == (False, False, 1.0)

    model = MODELS.build(cdan.model)
    loss = model.da_losses[0]
    assert isinstance(loss.map, MultilinearMap)
    # cdan.py: DomainDiscriminator(features_dim * num_classes, 1024)
    linears = [
        m for m in loss.discriminator.modules()
        if isinstance(m, torch.nn.Linear)
    ]
    assert [(m.in_features, m.out_features) for m in linears] == [(2560, 1024),
                                                                  (1024, 1024),
                                                                  (1024, 1)]
    assert any(
        isinstance(m, torch.nn.BatchNorm1d)
        for m in loss.discriminator.modules())


@pytest.mark.parametrize('task', ['uci2mnist5k', 'mnist5k2uci'])
def test_cdan_e_only_adds_entropy_conditioning(task):
    cdan = Config.fromfile(config_path('cdan', f'cdan_lenet_2k_digits_{task}'))
    cdan_e = Config.fromfile(
        config_path('cdan', f'cdan_e_lenet_2k_digits_{task}'))
    assert cdan_e.model.da_losses[0].pop('entropy_conditioning') is True
    cdan.model.da_losses[0].pop('entropy_conditioning')
    assert cdan_e.to_dict() == cdan.to_dict()
