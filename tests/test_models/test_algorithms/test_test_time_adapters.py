# Copyright (c) mmda contributors. All rights reserved.
import copy

import pytest
import torch
from mmengine.runner.checkpoint import load_state_dict
from mmpretrain.models import ImageClassifier
from torch import nn

from mmda.models import BNAdapter, TentAdapter, softmax_entropy
from mmda.utils import register_all_modules

register_all_modules(init_default_scope=False)


def _classifier(num_classes=4, norm=True, seed=0):
    torch.manual_seed(seed)
    cfg = dict(
        type='mmda.DTN',
        in_channels=3,
        channels=(4, 8, 8),
        dropout=(0., 0., 0.))
    model = ImageClassifier(
        backbone=cfg,
        neck=dict(type='GlobalAveragePooling'),
        head=dict(
            type='LinearClsHead',
            num_classes=num_classes,
            in_channels=8,
            loss=dict(type='CrossEntropyLoss')),
        data_preprocessor=dict(
            type='ClsDataPreprocessor', mean=[127.5] * 3, std=[127.5] * 3))
    if not norm:
        for i, m in enumerate(model.backbone.features):
            if isinstance(m, nn.BatchNorm2d):
                model.backbone.features[i] = nn.Identity()
    # non-trivial source statistics, so batch statistics differ from them
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-1, 1)
            m.running_var.uniform_(0.5, 2)
    return model.eval()


def _inputs(n=6, seed=1):
    torch.manual_seed(seed)
    return torch.randn(n, 3, 32, 32)


def test_bn_adapter_predicts_with_batch_statistics_only():
    source = _classifier()
    adapter = BNAdapter(copy.deepcopy(source)).eval()
    x = _inputs()
    expected = copy.deepcopy(source).train()(x, mode='tensor')
    samples = adapter(x, mode='predict')
    assert torch.allclose(
        torch.stack([s.pred_score for s in samples]),
        expected.softmax(1),
        atol=1e-6)
    # the source statistics stay, so a checkpoint or reset is the source's
    for k, v in source.state_dict().items():
        assert torch.equal(adapter.state_dict()[k], v), k
    assert adapter.adapted_parameter_names() == []


def test_tent_takes_one_entropy_step_on_the_bn_affine_parameters():
    source = _classifier()
    adapter = TentAdapter(
        copy.deepcopy(source), optimizer=dict(type='SGD', lr=0.5)).eval()
    affine = [
        f'backbone.features.{i}.{p}' for i in (1, 5, 9)
        for p in ('weight', 'bias')
    ]
    assert adapter.adapted_parameter_names() == affine
    x = _inputs()
    # by hand: BN on batch statistics, one SGD step on the mean entropy
    ref = copy.deepcopy(source).train()
    logits = ref(x, mode='tensor')
    named = dict(ref.named_parameters())
    grads = torch.autograd.grad(
        softmax_entropy(logits).mean(), [named[n] for n in affine])
    samples = adapter(x, mode='predict')
    # the prediction is the one made before the update
    assert torch.allclose(
        torch.stack([s.pred_score for s in samples]),
        logits.softmax(1),
        atol=1e-6)
    new = dict(adapter.classifier.named_parameters())
    for n, g in zip(affine, grads):
        assert torch.allclose(new[n], named[n] - 0.5 * g, atol=1e-6), n
    for n, p in source.named_parameters():
        if n not in affine:
            assert torch.equal(new[n], p), n


def test_reset_returns_to_the_source_weights_and_optimizer_state():
    adapter = TentAdapter(_classifier()).eval()
    adapter.reset()  # records the source state
    first = adapter(_inputs(), mode='predict')
    adapter(_inputs(seed=2), mode='predict')
    adapter.reset()
    again = adapter(_inputs(), mode='predict')
    for a, b in zip(first, again):
        assert torch.allclose(a.pred_score, b.pred_score, atol=1e-6)
    assert adapter.optimizer.state_dict()['state'][0]['step'] == 1


def test_eval_keeps_the_adapted_layers_on_batch_statistics():
    adapter = BNAdapter(_classifier())
    adapter.eval()
    assert not adapter.classifier.head.training
    assert all(m.training for _, m in adapter.norm_layers)


def test_no_normalisation_layer_names_the_key():
    with pytest.raises(ValueError, match=r'model\.norm_types'):
        TentAdapter(_classifier(norm=False))
    with pytest.raises(ValueError, match=r'model\.norm_types'):
        BNAdapter(_classifier(), norm_types=['GroupNorm'])


def test_bad_steps_and_training_mode_are_refused():
    with pytest.raises(ValueError, match=r'model\.steps'):
        TentAdapter(_classifier(), steps=0)
    with pytest.raises(ValueError, match='test time only'):
        BNAdapter(_classifier())(_inputs(), mode='loss')


def test_source_checkpoint_loads_key_for_key_and_another_is_refused():
    source = _classifier(seed=3)
    adapter = TentAdapter(_classifier(seed=4))
    assert list(adapter.state_dict()) == list(source.state_dict())
    # mmengine's load_from path (lenient loader) gets the source's weights
    load_state_dict(adapter, source.state_dict(), strict=False)
    for k, v in source.state_dict().items():
        assert torch.equal(adapter.state_dict()[k], v), k
    other = _classifier(num_classes=7)
    with pytest.raises(ValueError, match=r'load_from.*head\.fc\.weight'):
        load_state_dict(adapter, other.state_dict(), strict=False)
