# Copyright (c) mmda contributors. All rights reserved.
"""DANN's digits configs follow tllib's digits recipe (dann.py, dann.sh); so do
the ERM, MCC, DAN and JAN leaves (their scripts, their .sh "Digits" lines)."""
import pytest
import torch
from config_path import config_path
from mmengine.config import Config

from mmda.engine.hooks import GRLLambdaHook
from mmda.registry import MODELS


@pytest.mark.parametrize('name,lr', [
    ('dann_lenet_2k_digits_uci2mnist5k', 0.1),
    ('dann_lenet_2k_digits_mnist5k2uci', 0.01),
    ('dann_lenet_10k_digits_usps2mnist', 0.1),
    ('dann_lenet_10k_digits_mnist2usps', 0.01),
])
def test_dann_digits_recipe(name, lr):
    cfg = Config.fromfile(config_path('dann', name))
    opt = cfg.optim_wrapper.optimizer
    assert (opt.lr, opt.momentum, opt.weight_decay,
            opt.nesterov) == (lr, 0.9, 1e-3, True)
    # lr0 (1 + 0.001 i)^-0.75 at iteration i
    sched = cfg.param_scheduler[0]
    assert sched.alpha / sched.end == pytest.approx(0.001)
    assert sched.beta == 0.75
    grl = [h for h in cfg.custom_hooks if h['type'] is GRLLambdaHook]
    assert len(grl) == 1
    assert (grl[0]['gamma'], grl[0]['horizon']) == (1.0, 1000)
    assert cfg.train_dataloader.batch_size == 128
    assert cfg.target_dataloader.batch_size == 128
    model = MODELS.build(cfg.model)
    feats = model.neck(model.backbone(torch.zeros(4, 1, 28, 28)))[0]
    assert feats.shape == (4, 256)  # tllib's bottleneck_dim
    disc = model.da_losses[0].discriminator
    widths = [
        m.out_features for m in disc.modules()
        if isinstance(m, torch.nn.Linear)
    ]
    assert widths == [1024, 1024, 1]


@pytest.mark.parametrize('task', ['uci2mnist5k', 'mnist5k2uci'])
def test_erm_digits_is_dann_without_adaptation(task):
    """The ERM baseline (issue 20) is DANN's leaf with no DA loss or GRL."""
    erm = Config.fromfile(
        config_path('source_only', f'erm_lenet_2k_digits_{task}'))
    dann = Config.fromfile(config_path('dann', f'dann_lenet_2k_digits_{task}'))
    assert not erm.model.get('da_losses')
    assert not any(h['type'] is GRLLambdaHook for h in erm.custom_hooks)
    dann_model = dict(dann.model)
    dann_model.pop('da_losses')
    assert dict(erm.model) == dann_model
    for key in ('optim_wrapper', 'param_scheduler', 'train_cfg',
                'train_dataloader', 'target_dataloader', 'test_dataloader'):
        assert erm[key] == dann[key], key
    model = MODELS.build(erm.model)
    assert len(model.da_losses) == 0


@pytest.mark.parametrize('task', ['uci2mnist5k', 'mnist5k2uci'])
def test_mcc_digits_is_erm_with_mcc_loss(task):
    """MCC's leaf is the ERM baseline's network and recipe with MCC's loss
    (mcc.py's temperature 2.5 and trade-off 1.0) and no GRL schedule; MCC
    on DANN is DANN's leaf with the same loss beside the adversarial one."""
    mcc = Config.fromfile(config_path('mcc', f'mcc_lenet_2k_digits_{task}'))
    erm = Config.fromfile(
        config_path('source_only', f'erm_lenet_2k_digits_{task}'))
    assert not any(h['type'] is GRLLambdaHook for h in mcc.custom_hooks)
    (loss, ) = mcc.model.da_losses
    assert (loss.type.__name__, loss.temperature,
            loss.loss_weight) == ('MCCLoss', 2.5, 1.0)
    mcc_model = dict(mcc.model)
    mcc_model.pop('da_losses')
    assert mcc_model == dict(erm.model)
    for key in ('optim_wrapper', 'param_scheduler', 'train_cfg',
                'train_dataloader', 'target_dataloader', 'test_dataloader'):
        assert mcc[key] == erm[key], key
    model = MODELS.build(mcc.model)
    assert model.domain_forward == 'joint'  # mcc.py: one pass over both

    both = Config.fromfile(
        config_path('mcc', f'dann_mcc_lenet_2k_digits_{task}'))
    dann = Config.fromfile(config_path('dann', f'dann_lenet_2k_digits_{task}'))
    assert both.model.da_losses == dann.model.da_losses + [loss]
    assert both.custom_hooks == dann.custom_hooks
    assert both.optim_wrapper == dann.optim_wrapper


@pytest.mark.parametrize('method', ['dan', 'jan'])
@pytest.mark.parametrize('task,lr', [('uci2mnist5k', 0.1),
                                     ('mnist5k2uci', 0.01)])
def test_dan_jan_digits_recipe(method, task, lr):
    """DAN's and JAN's leaves follow dan.py / jan.py with the "Digits"
    lines: their own defaults (wd 5e-4, lr gamma 3e-4), their bottlenecks
    (DAN: Linear + ReLU + Dropout; JAN: Linear + BN + ReLU + Dropout), their
    kernels and estimators, and their forward (DAN: two passes; JAN: one)."""
    cfg = Config.fromfile(
        config_path(method, f'{method}_lenet_2k_digits_{task}'))
    erm = Config.fromfile(
        config_path('source_only', f'erm_lenet_2k_digits_{task}'))
    opt = cfg.optim_wrapper.optimizer
    assert (opt.lr, opt.momentum, opt.weight_decay,
            opt.nesterov) == (lr, 0.9, 5e-4, True)
    sched = cfg.param_scheduler[0]
    assert sched.alpha / sched.end == pytest.approx(0.0003)
    assert sched.beta == 0.75
    assert not any(h['type'] is GRLLambdaHook for h in cfg.custom_hooks)
    assert 'grl_hook' not in cfg
    for key in ('train_cfg', 'train_dataloader', 'target_dataloader',
                'test_dataloader'):
        assert cfg[key] == erm[key], key
    assert cfg.model.backbone == erm.model.backbone
    model = MODELS.build(cfg.model)
    neck = model.neck
    assert (neck.fc.in_features, neck.fc.out_features) == (500, 256)
    assert neck.dropout.p == 0.5
    assert isinstance(neck.act, torch.nn.ReLU)
    (loss, ) = model.da_losses
    assert loss.loss_weight == 1.0
    if method == 'dan':
        assert isinstance(neck.norm, torch.nn.Identity)
        assert model.domain_forward == 'separate'
        assert type(loss).__name__ == 'MKMMDLoss' and loss.linear
        assert loss.kernels == dict(
            alphas=(0.125, 0.25, 0.5, 1.0, 2.0), sigmas=())
    else:
        assert isinstance(neck.norm, torch.nn.BatchNorm1d)
        assert model.domain_forward == 'joint'
        assert type(loss).__name__ == 'JMMDLoss' and not loss.linear
        assert loss.layer_kernels == (dict(
            alphas=(0.125, 0.25, 0.5, 1.0, 2.0),
            sigmas=()), dict(alphas=(), sigmas=(0.92, )))
