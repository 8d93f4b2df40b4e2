# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch
from mmpretrain.structures import DataSample
from torch import nn

from mmda.models import CNSN, PluggedModel, WideResNet
from mmda.models.backbones.wide_resnet import WideBasicBlock
from mmda.registry import MODELS


def _wrn_classifier(depth, widen_factor):
    return dict(
        type='ImageClassifier',
        backbone=dict(
            type='mmda.WideResNet', depth=depth, widen_factor=widen_factor),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(
            type='LinearClsHead',
            num_classes=10,
            in_channels=64 * widen_factor))


def test_wrn_40_2_parameter_count():
    # WRN-40-2 with a 10-way linear classifier: 2,243,546 parameters, the
    # figure of the AugMix / CNSN WRN-40-2 ("2.2M").
    model = MODELS.build(_wrn_classifier(depth=40, widen_factor=2))
    assert sum(p.numel() for p in model.parameters()) == 2_243_546


@pytest.mark.parametrize('depth,k,blocks', [(40, 2, 6), (16, 1, 2),
                                            (22, 4, 3)])
def test_structure_and_output_shape(depth, k, blocks):
    net = WideResNet(depth, widen_factor=k)
    widths = [16 * k, 32 * k, 64 * k]
    for i, width in enumerate(widths, 1):
        layer = getattr(net, f'layer{i}')
        assert len(layer) == blocks
        assert all(isinstance(b, WideBasicBlock) for b in layer)
        assert layer[-1].conv2.out_channels == width
    out = net(torch.randn(2, 3, 32, 32))
    assert isinstance(out, tuple) and len(out) == 1
    assert out[0].shape == (2, 64 * k, 8, 8)
    assert (out[0] >= 0).all()  # after the final BN-ReLU


def test_projection_shortcut_only_where_shape_changes():
    net = WideResNet(16, widen_factor=2)
    # 16 -> 32 (width), 32 -> 64 (stride 2), 64 -> 128 (stride 2)
    assert net.layer1[0].shortcut is not None
    assert net.layer2[0].shortcut.stride == (2, 2)
    assert net.layer1[1].shortcut is None and net.layer3[1].shortcut is None
    # WRN-d-1 keeps 16 channels in the first group: identity shortcut
    assert WideResNet(16).layer1[0].shortcut is None


def test_block_is_pre_activation_residual():
    torch.manual_seed(0)
    x = torch.randn(2, 8, 6, 6)
    same = WideBasicBlock(8, 8, 1, 0.0, dict(type='BN')).eval()
    nn.init.zeros_(same.conv2.weight)
    # residual branch off: the identity block passes x through unchanged
    torch.testing.assert_close(same(x), x)
    down = WideBasicBlock(8, 16, 2, 0.0, dict(type='BN')).eval()
    nn.init.zeros_(down.conv2.weight)
    # the projection acts on the pre-activated input BN-ReLU(x)
    expected = down.shortcut(torch.relu(down.bn1(x)))
    torch.testing.assert_close(down(x), expected)
    nn.init.normal_(down.conv2.weight)
    branch = down.conv2(
        torch.relu(down.bn2(down.conv1(torch.relu(down.bn1(x))))))
    torch.testing.assert_close(down(x), expected + branch)


def test_dropout_only_in_training():
    torch.manual_seed(0)
    net = WideResNet(10, drop_rate=0.5)
    x = torch.randn(2, 3, 16, 16)
    net.eval()
    torch.testing.assert_close(net(x)[0], net(x)[0])
    net.train()
    assert not torch.allclose(net(x)[0], net(x)[0])


@pytest.mark.parametrize('kwargs,match', [
    (dict(depth=41), 'depth must be 6n \\+ 4'),
    (dict(depth=4), 'depth must be 6n \\+ 4'),
    (dict(depth=16, widen_factor=0), 'widen_factor'),
    (dict(depth=16, drop_rate=1.0), 'drop_rate'),
    (dict(depth=16, strides=(1, 2)), 'strides'),
])
def test_bad_settings(kwargs, match):
    with pytest.raises(ValueError, match=match):
        WideResNet(**kwargs)


def test_cnsn_plugged_after_every_block():
    """The CIFAR-10-C CNSN model: CNSN after each of the 18 blocks of a
    stock ImageClassifier with WRN-40-2, trained through mode='loss'."""
    torch.manual_seed(0)
    plugins = [
        dict(
            path=f'backbone.layer{s}.{b}',
            layer=dict(
                type='mmda.CNSN',
                channels=c,
                crossnorm=dict(mode='2-instance', crop='both'),
                selfnorm=dict(use_f=False)))
        for s, c in enumerate((32, 64, 128), 1) for b in range(6)
    ]
    model = MODELS.build(
        dict(
            type=PluggedModel,
            model=_wrn_classifier(depth=40, widen_factor=2),
            plugins=plugins))
    cnsn = [m for m in model.modules() if isinstance(m, CNSN)]
    assert len(cnsn) == 18
    assert [m.channels for m in cnsn[::6]] == [32, 64, 128]
    plugin_params = sum(p.numel() for n, p in model.named_parameters()
                        if n.startswith('mmda_plugins.'))
    assert plugin_params > 0
    # every CrossNorm on: the output differs from the same model without
    for m in cnsn:
        m.cn.active = True
    x = torch.randn(4, 3, 32, 32)
    samples = [DataSample().set_gt_label(i % 10) for i in range(4)]
    model.train()
    losses = model(x, samples, mode='loss')
    losses['loss'].backward()
    grads = [
        p.grad for n, p in model.named_parameters()
        if n.startswith('mmda_plugins.')
    ]
    assert all(g is not None for g in grads)
    model.eval()
    assert model(x, mode='tensor').shape == (4, 10)
