# Copyright (c) mmda contributors. All rights reserved.
import copy

import pytest
import torch
from mmengine.optim import OptimWrapper
from mmpretrain.models import ImageClassifier
from mmpretrain.structures import DataSample
from torch import nn

from mmda.models import insert_plugins, plugin_layers
from mmda.models.layers import CNSN, RSC, CrossNorm, GradientReverseLayer
from mmda.registry import MODELS

CHANNELS = (64, 128, 256, 512)


def _classifier_cfg():
    return dict(
        type='ImageClassifier',
        backbone=dict(type='ResNet', depth=18),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(type='LinearClsHead', num_classes=5, in_channels=512))


def _plugged(extra=()):
    cnsn = [
        dict(
            path=f'backbone.layer{i}',
            layer=dict(type='mmda.CNSN', channels=c))
        for i, c in enumerate(CHANNELS, 1)
    ]
    return MODELS.build(
        dict(
            type='mmda.PluggedModel',
            model=_classifier_cfg(),
            plugins=cnsn + list(extra)))


def _batch(n=4):
    return dict(
        inputs=torch.randn(n, 3, 32, 32),
        data_samples=[DataSample().set_gt_label(i % 5) for i in range(n)])


def test_cnsn_in_stock_resnet_keeps_class_and_keys():
    torch.manual_seed(0)
    plain = MODELS.build(_classifier_cfg())
    model = _plugged()
    # the stock class, with mmda's loss path mixed in at build (same name)
    assert isinstance(model, ImageClassifier)
    assert type(model).__name__ == 'ImageClassifier'
    assert type(model).__mro__[2] is ImageClassifier
    plain_keys = set(plain.state_dict())
    keys = set(model.state_dict())
    assert plain_keys < keys
    assert all(k.startswith('mmda_plugins.') for k in keys - plain_keys)
    assert [type(m) for m in plugin_layers(model)] == [CNSN] * 4
    # Each hook runs its own layer: SelfNorm sees the block's channels.
    seen = []
    for layer in plugin_layers(model):
        layer.register_forward_hook(
            lambda m, a, out: seen.append(out.shape[1]))
    model.eval()(torch.randn(2, 3, 32, 32))
    assert seen == list(CHANNELS)


def test_plugins_change_the_output_and_round_trip_state_dict():
    torch.manual_seed(0)
    model = _plugged().eval()
    for layer in plugin_layers(model):
        nn.init.normal_(layer.sn.g.fc.weight)
    x = torch.randn(2, 3, 32, 32)
    other = _plugged().eval()
    other.load_state_dict(model.state_dict(), strict=True)
    torch.testing.assert_close(other(x), model(x))
    with torch.no_grad():
        other.mmda_plugins.backbone_layer2_after.sn.g.fc.weight.zero_()
    assert not torch.allclose(other(x), model(x))


def test_deepcopy_calls_the_copied_layers():
    model = _plugged().eval()
    clone = copy.deepcopy(model)
    x = torch.randn(1, 3, 32, 32)
    torch.testing.assert_close(clone(x), model(x))
    with torch.no_grad():
        clone.mmda_plugins.backbone_layer4_after.sn.g.bn.bias.fill_(-20)
    assert not torch.allclose(clone(x), model(x))


def test_rsc_on_backbone_output_trains_with_labels_and_selfnorm_updates():
    torch.manual_seed(0)
    model = _plugged([dict(path='backbone', layer=dict(type='mmda.RSC'))])
    rsc = model.mmda_plugins.backbone_after
    assert isinstance(rsc, RSC)
    gate = model.mmda_plugins.backbone_layer1_after.sn.g.fc.weight
    before = gate.detach().clone()
    optim = OptimWrapper(torch.optim.SGD(model.parameters(), lr=0.5))
    rsc.batch_percent = 1.0
    rsc.spatial = True  # set by RSCSpatialChoiceHook in a run
    losses = model.train_step(_batch(6), optim)
    assert torch.isfinite(losses['loss'])
    assert not torch.equal(gate, before)
    # batch_percent 1: every sample whose probability dropped is challenged.
    assert (rsc.last_mask == 0).flatten(1).any(1).sum() >= 1
    assert rsc._model_name is None and rsc._labels is None


def test_rsc_without_labels_is_refused():
    model = _plugged([dict(path='backbone', layer=dict(type='mmda.RSC'))])
    model.train()
    refused = "RSC at 'backbone' needs labels, and ImageClassifier gave none"
    with pytest.raises(RuntimeError, match=refused):
        model(torch.randn(2, 3, 32, 32), mode='tensor')
    with pytest.raises(RuntimeError, match=refused):
        model(torch.randn(2, 3, 32, 32), [DataSample()] * 2, mode='loss')
    # In eval mode RSC does nothing and needs nothing.
    model.eval()(torch.randn(2, 3, 32, 32))


def test_unknown_path_lists_nearest_paths():
    with pytest.raises(KeyError) as info:
        _plugged([dict(path='backbone.layr4', layer=dict(type='mmda.RSC'))])
    message = str(info.value)
    assert "no module at path 'backbone.layr4'" in message
    assert 'backbone.layer4' in message
    with pytest.raises(KeyError, match="RSC at 'backbone': head.*'nek'"):
        _plugged(
            [dict(path='backbone', layer=dict(type='mmda.RSC', head=['nek']))])


def test_crossnorm_on_2d_tensor_names_the_path():
    model = _plugged([
        dict(
            path='head.fc',
            position='before',
            layer=dict(type='mmda.CrossNorm'))
    ])
    with pytest.raises(
            ValueError,
            match=r"plugin CrossNorm before 'head.fc': CrossNorm "
            r'expects .*got \(2, 512\)'):
        model.eval()(torch.randn(2, 3, 32, 32))


def test_bad_plugin_entries_are_named():
    model = MODELS.build(_classifier_cfg())
    with pytest.raises(ValueError, match=r"plugins\[0\].*position"):
        insert_plugins(
            model, [dict(path='neck', position='inside', layer=CrossNorm())])
    with pytest.raises(ValueError, match=r'plugins\[0\]: unknown keys'):
        insert_plugins(model, [dict(path='neck', layer=CrossNorm(), at=1)])


class _Net(nn.Module):

    def __init__(self):
        super().__init__()
        self.features = nn.Linear(3, 4)
        self.classifier = nn.Linear(4, 2)
        self.discriminator = nn.Linear(4, 1)

    def forward(self, x):
        f = self.features(x)
        return self.classifier(f).sum(), self.discriminator(f).sum()


def test_grl_feeding_a_discriminator_reverses_its_gradient():
    torch.manual_seed(0)
    net = _Net()
    x = torch.randn(5, 3)
    _, d = net(x)
    reference = torch.autograd.grad(d, net.features.weight)[0]
    insert_plugins(net, [
        dict(
            path='discriminator',
            position='before',
            layer=dict(type='mmda.GradientReverseLayer', coeff=0.3))
    ])
    _, d = net(x)
    reversed_ = torch.autograd.grad(d, net.features.weight)[0]
    torch.testing.assert_close(reversed_, -0.3 * reference)
    # The discriminator's own gradient is not reversed.
    grad_d = torch.autograd.grad(net(x)[1], net.discriminator.weight)[0]
    assert (grad_d.sign() == net.features(x).sum(0).sign()).all()
    assert isinstance(plugin_layers(net)[0], GradientReverseLayer)
