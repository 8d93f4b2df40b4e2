# Copyright (c) mmda contributors. All rights reserved.
import pytest
import torch
from mmengine.config import Config
from synthetic_data import digit_batch
from tool_runs import DANN_CFG, SOURCE_ONLY_CFG

from mmda.models import UDAImageClassifier
from mmda.registry import MODELS


def _model(config):
    model = MODELS.build(Config.fromfile(config).model)
    model.init_weights()
    return model


def test_dann_losses_and_joint_forward():
    model = _model(DANN_CFG)
    assert isinstance(model, UDAImageClassifier)
    seen = []
    model.backbone.register_forward_hook(
        lambda m, i, o: seen.append(i[0].shape[0]))
    data = model.data_preprocessor(
        dict(source=digit_batch(4, True), target=digit_batch(6, False)), True)
    assert set(data['inputs']) == {'source', 'target'}
    losses = model(**data, mode='loss')
    assert set(losses) == {'loss_cls', 'loss_domain', 'domain_acc'}
    # one pass over source and target together
    assert seen == [10]


def test_source_only_never_forwards_target():
    model = _model(SOURCE_ONLY_CFG)
    seen = []
    model.backbone.register_forward_hook(
        lambda m, i, o: seen.append(i[0].shape[0]))
    data = model.data_preprocessor(
        dict(source=digit_batch(4, True), target=digit_batch(6, False)), True)
    losses = model(**data, mode='loss')
    assert set(losses) == {'loss_cls'} and seen == [4]


def test_predict_on_plaindigit_batch():
    model = _model(DANN_CFG).eval()
    data = model.data_preprocessor(digit_batch(3, True), False)
    out = model(**data, mode='predict')
    assert len(out) == 3 and out[0].pred_score.shape == (10, )


def test_lenet_feature_map_shape():
    model = _model(DANN_CFG)
    feats = model.backbone(torch.zeros(2, 1, 28, 28))
    # tllib's digits LeNet ends in its 500-unit fully connected layer
    assert feats[0].shape == (2, 500)
    assert model.neck(feats)[0].shape == (2, 256)


def test_separate_domain_forward_uses_per_domain_batch_norm():
    cfg = Config.fromfile(DANN_CFG).model
    # no dropout, so that only BatchNorm tells the two forwards apart
    cfg.backbone.dropout = 0.
    cfg.backbone.fc_dropout = 0.
    joint, separate = MODELS.build(cfg), MODELS.build(
        dict(cfg, domain_forward='separate'))
    joint.init_weights()
    separate.load_state_dict(joint.state_dict())
    seen, feats = [], {}
    separate.backbone.register_forward_hook(
        lambda m, i, o: seen.append(i[0].shape[0]))
    for name, model in (('joint', joint), ('separate', separate)):
        model.neck.register_forward_hook(
            lambda m, i, o, name=name: feats.setdefault(name, []).append(o[
                -1].detach()))
    data = joint.data_preprocessor(
        dict(source=digit_batch(4, True), target=digit_batch(6, False)), True)
    joint(**data, mode='loss')
    separate(**data, mode='loss')
    # two passes, source then target
    assert seen == [4, 6]
    # each pass's BatchNorm normalises by that domain's statistics alone:
    # the source features equal a source-only forward, unlike the joint ones
    alone = separate.neck(separate.backbone(data['inputs']['source']))[-1]
    assert torch.allclose(feats['separate'][0], alone, atol=1e-5)
    assert not torch.allclose(feats['joint'][0][:4], alone, atol=1e-3)


def test_unknown_domain_forward_is_named():
    cfg = Config.fromfile(DANN_CFG).model
    with pytest.raises(ValueError, match='domain_forward must be'):
        MODELS.build(dict(cfg, domain_forward='both'))
