# Copyright (c) mmda contributors. All rights reserved.
"""AFN through UDAImageClassifier: feature losses get the AFN features f,
logit losses (+ENT) the head's logits."""
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from synthetic_data import digit_batch
from tool_runs import REPO

from mmda.models import AFNBottleneck, EntropyLoss, SAFNLoss
from mmda.registry import MODELS

SAFN_CFG = osp.join(REPO, 'configs/afn/safn_lenet_2k_digits_uci2mnist5k.py')


class _Record(torch.nn.Module):

    def __init__(self, kind):
        super().__init__()
        self.input_kind = kind
        self.seen = None

    def forward(self, a, b):
        self.seen = (a, b)
        return dict(loss_rec=a.sum() * 0)


def test_afn_features_and_entropy_logits():
    cfg = Config.fromfile(SAFN_CFG).model
    model = MODELS.build(cfg)
    model.init_weights()
    assert isinstance(model.neck, AFNBottleneck)
    assert isinstance(model.da_losses[0], SAFNLoss)
    feats_rec, logits_rec = _Record('features'), _Record('logits')
    model.da_losses.extend(
        [EntropyLoss(loss_weight=0.1), feats_rec, logits_rec])
    data = model.data_preprocessor(
        dict(source=digit_batch(4, True), target=digit_batch(6, False)), True)
    losses = model(**data, mode='loss')
    assert {'loss_cls', 'loss_safn', 'loss_ent', 'loss_rec'} <= set(losses)
    f_s, f_t = feats_rec.seen
    assert f_s.shape == (4, 500) and f_t.shape == (6, 500)
    l_s, l_t = logits_rec.seen
    assert l_s.shape == (4, 10) and l_t.shape == (6, 10)
    # the logits are the head applied to exactly those features
    assert torch.allclose(l_t, model.head.fc(f_t), atol=1e-5)


def test_unknown_input_kind_is_named():
    model = MODELS.build(Config.fromfile(SAFN_CFG).model)
    model.da_losses.append(_Record('probs'))
    data = model.data_preprocessor(
        dict(source=digit_batch(2, True), target=digit_batch(2, False)), True)
    with pytest.raises(ValueError, match='_Record.input_kind must be'):
        model(**data, mode='loss')
