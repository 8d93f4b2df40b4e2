# Copyright (c) mmda contributors. All rights reserved.
"""SHOT's embedded-digits configs follow the official digits protocol
(tim-learn/SHOT, digit/uda_digit.py and digit/digit.sh)."""
import pytest
from config_path import config_path
from mmengine.config import Config

from mmda.datasets import RandomRotation
from mmda.registry import MODELS


def _types(pipeline):
    return [t['type'] for t in pipeline]


def test_uci_source_is_augmented_as_the_u2m_branch():
    cfg = Config.fromfile(
        config_path('shot', 'shot_source_lenet_2k_digits_uci'))
    for loader in (cfg.train_dataloader, cfg.val_dataloader):
        pipeline = loader.dataset.pipeline
        assert RandomRotation in _types(pipeline)
        rotation = next(t for t in pipeline if t['type'] is RandomRotation)
        assert rotation['max_angle'] == 10
        crops = [t for t in pipeline if t['type'].__name__ == 'RandomCrop']
        # the framing pad (20 -> 28) and SHOT's RandomCrop(28, padding=4)
        assert [(c['crop_size'], c['padding']) for c in crops] == [(28, 4)] * 2
    # the target test split is never augmented
    assert RandomRotation not in _types(cfg.test_dataloader.dataset.pipeline)
    # MNIST-5k as source is not augmented (official m2u branch)
    cfg = Config.fromfile(
        config_path('shot', 'shot_source_lenet_2k_digits_mnist5k'))
    assert RandomRotation not in _types(cfg.train_dataloader.dataset.pipeline)


def test_shot_bottleneck_has_dropout_and_shot_init():
    cfg = Config.fromfile(
        config_path('shot', 'shot_source_lenet_2k_digits_uci'))
    model = MODELS.build(cfg.model)
    model.init_weights()
    neck = model.neck
    assert isinstance(neck.act, __import__('torch').nn.Dropout)
    assert neck.act.p == 0.5
    assert abs(neck.norm.weight.mean().item() - 1.0) < 0.01
    assert 0.005 < neck.norm.weight.std().item() < 0.04


@pytest.mark.parametrize('name,beta', [
    ('shot_lenet_30e_digits_uci2mnist5k', 0.1),
    ('shot_lenet_30e_digits_mnist5k2uci', 0.1),
    ('shot_lenet_30e_digits_usps2mnist', 0.1),
    ('shot_im_lenet_30e_digits_uci2mnist5k', 0.0),
])
def test_digits_beta_is_digit_sh_cls_par(name, beta):
    cfg = Config.fromfile(config_path('shot', name))
    assert cfg.model.beta == beta
    assert cfg.load_from.endswith('/best_source.pth')
