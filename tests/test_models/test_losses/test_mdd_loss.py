# Copyright (c) mmda contributors. All rights reserved.
import math
import os.path as osp
import types

import pytest
import torch
from mmengine.config import Config
from tllib_peer import TLLIB, import_tllib
from torch import nn

from mmda.engine.hooks import GRLLambdaHook
from mmda.models import (GradientReverseLayer, MarginDisparityDiscrepancyLoss,
                         MLPClsHead, margin_disparity_discrepancy)
from mmda.registry import MODELS

CONFIG = osp.join(
    osp.dirname(__file__), '../../../configs/mdd',
    'mdd_lenet_2k_digits_uci2mnist5k.py')


def mdd_by_hand(logits_s, adv_s, logits_t, adv_t, margin):
    """D_gamma written out one sample at a time."""

    def prob(row, k):
        z = [torch.exp(row[j]) for j in range(len(row))]
        return z[k] / sum(z)

    source = [
        torch.log(prob(adv_s[i], int(logits_s[i].argmax())))
        for i in range(len(adv_s))
    ]
    target = [
        torch.log(
            torch.clamp(
                1 - prob(adv_t[i], int(logits_t[i].argmax())) + 1e-6, max=1.0))
        for i in range(len(adv_t))
    ]
    return margin * sum(source) / len(source) + sum(target) / len(target)


def _logits(seed=0, n_s=4, n_t=5, k=3, dtype=torch.float64):
    torch.manual_seed(seed)
    return [torch.randn(n, k, dtype=dtype) * 3 for n in (n_s, n_s, n_t, n_t)]


def test_mdd_against_the_equation_by_hand():
    logits_s, adv_s, logits_t, adv_t = _logits()
    a = [adv_s.clone().requires_grad_(), adv_t.clone().requires_grad_()]
    b = [adv_s.clone().requires_grad_(), adv_t.clone().requires_grad_()]
    ours = margin_disparity_discrepancy(logits_s, a[0], logits_t, a[1], 4.0)
    ref = mdd_by_hand(logits_s, b[0], logits_t, b[1], 4.0)
    assert ours.item() == pytest.approx(ref.item(), rel=1e-12)
    ours.backward()
    ref.backward()
    for x, y in zip(a, b):
        torch.testing.assert_close(x.grad, y.grad, rtol=1e-10, atol=1e-12)


def test_mdd_gradcheck_and_no_gradient_through_the_predictions():
    logits_s, adv_s, logits_t, adv_t = (t.requires_grad_() for t in _logits(1))
    assert torch.autograd.gradcheck(
        lambda s, t: margin_disparity_discrepancy(logits_s, s, logits_t, t, 2.0
                                                  ), (adv_s, adv_t))
    margin_disparity_discrepancy(logits_s, adv_s, logits_t, adv_t,
                                 4.0).backward()
    # h = argmax f carries no gradient to the main classifier
    assert logits_s.grad is None and logits_t.grad is None


def test_mdd_limits():
    # f' agreeing with f everywhere with certainty: source term 0, the
    # target term log(1e-6) (the offset keeps it finite)
    logits = torch.eye(3) * 100
    d = margin_disparity_discrepancy(logits, logits, logits, logits, 4.0)
    assert d.item() == pytest.approx(math.log(1e-6), rel=1e-4)
    # f' uniform: gamma log(1/K) + log(1 - 1/K)
    zeros = torch.zeros(3, 3)
    d = margin_disparity_discrepancy(logits, zeros, logits, zeros, 4.0)
    assert d.item() == pytest.approx(4 * math.log(1 / 3) + math.log(2 / 3))
    with pytest.raises(ValueError, match=r'adv_logits_t must be \(N, K\)'):
        margin_disparity_discrepancy(logits, logits, logits, zeros[0], 4.0)


def _head(width=5, classes=3):
    return MLPClsHead(
        num_classes=classes,
        in_channels=width,
        hidden_channels=(4, ),
        dropout=0.0)


def test_module_signs_and_gradients():
    torch.manual_seed(2)
    head = _head()
    loss = MarginDisparityDiscrepancyLoss(
        head, grl=GradientReverseLayer(coeff=0.3), margin=4.0, loss_weight=2.)
    assert loss.input_kind == 'features_and_logits'
    f_s, f_t = torch.randn(3, 5), torch.randn(3, 5)
    g_s, g_t = torch.randn(3, 3), torch.randn(3, 3)
    f_s.requires_grad_()
    f_t.requires_grad_()
    out = loss(f_s, f_t, g_s, g_t)
    assert set(out) == {'loss_mdd', 'mdd'}
    out['loss_mdd'].backward()

    ref_head = _head()
    ref_head.load_state_dict(head.state_dict())
    f_s2, f_t2 = (f.detach().clone().requires_grad_() for f in (f_s, f_t))
    adv = ref_head((torch.cat([f_s2, f_t2]), ))
    d = margin_disparity_discrepancy(g_s, adv[:3], g_t, adv[3:], 4.0)
    assert out['mdd'].item() == pytest.approx(d.item())
    assert out['loss_mdd'].item() == pytest.approx(-2.0 * d.item())
    (-2.0 * d).backward()
    # f' descends -w D (maximises D); the features get -0.3 x that gradient
    for p, q in zip(head.parameters(), ref_head.parameters()):
        torch.testing.assert_close(p.grad, q.grad)
    torch.testing.assert_close(f_s.grad, -0.3 * f_s2.grad)
    torch.testing.assert_close(f_t.grad, -0.3 * f_t2.grad)
    assert repr(loss).startswith('MarginDisparityDiscrepancyLoss(\n'
                                 '  margin=4.0, loss_weight=2.0')


def test_module_refuses_a_missing_head_and_a_bad_margin():
    with pytest.raises(ValueError, match='adversarial_head is required'):
        MODELS.build(dict(type='mmda.MarginDisparityDiscrepancyLoss'))
    cfg = Config.fromfile(CONFIG)
    del cfg.model.da_losses[0]['adversarial_head']
    with pytest.raises(ValueError, match='adversarial_head'):
        MODELS.build(cfg.model)
    with pytest.raises(ValueError, match='margin must be > 0'):
        MarginDisparityDiscrepancyLoss(_head(), margin=0.0)


def test_digits_config_builds_the_mdd_network():
    cfg = Config.fromfile(CONFIG)
    model = MODELS.build(cfg.model)
    mdd = model.da_losses[0]
    assert isinstance(model.head, MLPClsHead)
    assert isinstance(mdd.adversarial_head, MLPClsHead)
    assert mdd.adversarial_head is not model.head
    assert (mdd.margin, mdd.loss_weight) == (4.0, 1.0)
    # one GRL, which the config's hook sets
    hooks = [h for h in cfg.custom_hooks if h['type'] is GRLLambdaHook]
    assert len(hooks) == 1
    assert [type(m) for m in model.modules()].count(GradientReverseLayer) == 1


@pytest.fixture
def tllib_mdd(monkeypatch):
    """tllib's MDD module and network from the scratch checkout."""
    if not osp.isfile(osp.join(TLLIB, 'tllib/alignment/mdd.py')):
        pytest.skip(f'no tllib checkout at {TLLIB} (the comparison with '
                    'the reference implementation needs one)')
    return import_tllib(monkeypatch, 'tllib.alignment.mdd')


def test_matches_tllib_on_the_same_tensors_and_weights(tllib_mdd):
    torch.manual_seed(3)
    width, classes = 6, 4
    adv_head = nn.Sequential(
        nn.Linear(width, width), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(width, classes))
    grl = tllib_mdd.WarmStartGradientReverseLayer(
        alpha=1.0, lo=0.0, hi=0.1, max_iters=1000, auto_step=False)
    grl.iter_num = 700
    discrepancy = tllib_mdd.ClassificationMarginDisparityDiscrepancy(4.0)

    head = MLPClsHead(
        num_classes=classes, in_channels=width, hidden_channels=(width, ))
    head.layers.load_state_dict(adv_head.state_dict())
    hook = GRLLambdaHook(gamma=1.0, max_value=0.1, horizon=1000)
    runner = types.SimpleNamespace(iter=700, max_iters=2000)
    ours = MarginDisparityDiscrepancyLoss(
        head, grl=GradientReverseLayer(coeff=hook.value(runner)), margin=4.0)
    head.eval()
    adv_head.eval()

    n = 8
    feats = torch.randn(2 * n, width, requires_grad=True)
    y = torch.randn(2 * n, classes)
    mine = ours(feats[:n], feats[n:], y[:n], y[n:])
    mine['loss_mdd'].backward()
    our_grad = feats.grad.clone()
    feats.grad = None
    y_adv = adv_head(grl(feats))
    ref = -discrepancy(y[:n], y_adv[:n], y[n:], y_adv[n:])
    ref.backward()
    torch.testing.assert_close(mine['loss_mdd'], ref)
    torch.testing.assert_close(our_grad, feats.grad)
    for p, q in zip(head.layers.parameters(), adv_head.parameters()):
        torch.testing.assert_close(p.grad, q.grad)


def test_grl_schedule_matches_tllib_warm_start(tllib_mdd):
    grl = tllib_mdd.WarmStartGradientReverseLayer(
        alpha=1.0, lo=0.0, hi=0.1, max_iters=1000, auto_step=False)
    hook = GRLLambdaHook(gamma=1.0, max_value=0.1, horizon=1000)
    for i in (0, 1, 500, 1000, 1999):
        grl.iter_num = i
        x = torch.ones(1, requires_grad=True)
        grl(x).sum().backward()
        runner = types.SimpleNamespace(iter=i, max_iters=2000)
        assert hook.value(runner) == pytest.approx(-x.grad.item(), rel=1e-6)


def test_digits_network_matches_tllib_mdd_classifier(tllib_mdd):
    from tllib.vision.models.digits import lenet
    theirs = tllib_mdd.ImageClassifier(
        lenet(pretrained=False),
        10,
        bottleneck_dim=1024,
        width=1024,
        pool_layer=nn.Identity())
    model = MODELS.build(Config.fromfile(CONFIG).model)
    ours = [
        p.shape for part in (model.backbone, model.neck, model.head,
                             model.da_losses[0].adversarial_head)
        for p in part.parameters()
    ]
    assert ours == [p.shape for p in theirs.parameters()]

    def leaves(*parts):
        return [(type(m), getattr(m, 'p', None)) for part in parts
                for m in part.modules()
                if not list(m.children()) and not isinstance(m, nn.Identity)]

    # Linear, BN, ReLU, Dropout(0.5); Linear, ReLU, Dropout(0.5), Linear
    ours_layers = leaves(model.neck, model.head.layers,
                         model.da_losses[0].adversarial_head.layers)
    theirs_layers = leaves(theirs.bottleneck, theirs.head, theirs.adv_head)
    assert ours_layers == theirs_layers
    # the initial draws: bottleneck N(0, 0.005) + 0.1, heads N(0, 0.01) + 0
    assert model.neck.fc.bias.eq(0.1).all()
    assert model.neck.fc.weight.std().item() == pytest.approx(0.005, rel=0.05)
    assert model.head.layers[0].weight.std().item() == pytest.approx(
        0.01, rel=0.05)
    assert model.head.layers[3].bias.eq(0).all()
