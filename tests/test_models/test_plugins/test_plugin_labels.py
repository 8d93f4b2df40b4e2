# Copyright (c) mmda contributors. All rights reserved.
"""Labels reach label-needing plug-ins (RSC) from any model: RSC under a UDA
model challenges the labelled source rows only."""
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmpretrain.structures import DataSample
from tool_runs import REPO

from mmda.models.plugins import plugin_labels
from mmda.registry import MODELS

MODELS_DIR = osp.join(REPO, 'configs/_base_/models')


def _plugged(model_file, **changes):
    model = Config.fromfile(osp.join(MODELS_DIR, model_file)).model
    model.update(changes)
    model = MODELS.build(
        dict(
            type='mmda.PluggedModel',
            model=model,
            plugins=[
                dict(
                    path='backbone',
                    layer=dict(type='mmda.RSC', batch_percent=1.0))
            ]))
    # RSCSpatialChoiceHook sets it in a run
    model.mmda_plugins.backbone_after.spatial = True
    return model


def _samples(labels=None, n=4):
    samples = [DataSample() for _ in range(n)]
    if labels is not None:
        for s, y in zip(samples, labels):
            s.set_gt_label(int(y))
    return samples


class _Seen:
    """Records RSC's input and output of each pass."""

    def __init__(self, layer):
        self.passes = []
        layer.register_forward_hook(lambda m, args, out: self.passes.append(
            (args[0], out)))


@pytest.mark.parametrize('model_file,forward',
                         [('lenet_dann_digits.py', 'joint'),
                          ('lenet_afn_digits.py', 'separate')])
def test_rsc_under_uda_challenges_source_rows_only(model_file, forward):
    torch.manual_seed(0)
    da_losses = None if forward == 'joint' else [
        dict(type='mmda.SAFNLoss', delta_r=1.0, loss_weight=0.05)
    ]
    model = _plugged(
        model_file,
        **({} if da_losses is None else dict(da_losses=da_losses))).train()
    assert model.domain_forward == forward and model.da_losses
    rsc = model.mmda_plugins.backbone_after
    seen = _Seen(rsc)
    x_s, x_t = torch.randn(4, 1, 28, 28), torch.randn(3, 1, 28, 28)
    labels = torch.tensor([0, 1, 2, 3])
    losses = model(
        dict(source=x_s, target=x_t),
        dict(source=_samples(labels), target=_samples(n=3)),
        mode='loss')
    assert torch.isfinite(sum(v for k, v in losses.items() if 'loss' in k))
    # the mask covers the 4 source rows; some of them are challenged
    assert len(rsc.last_mask) == 4
    assert (rsc.last_mask == 0).flatten(1).any(1).any()
    if forward == 'joint':
        ((z_in, ), (z_out, )), = seen.passes
        assert torch.equal(z_in[4:], z_out[4:])  # target rows untouched
        assert not torch.equal(z_in[:4], z_out[:4])
    else:
        (source_pass, target_pass) = seen.passes
        assert not torch.equal(source_pass[0][0], source_pass[1][0])
        assert target_pass[1] is target_pass[0]  # target pass untouched


def test_rsc_in_a_model_that_gives_no_labels_is_refused():
    # SHOT-IM (beta = 0) has no pseudo-labels to challenge with
    model = _plugged(
        'lenet_shot_digits.py', type='mmda.SHOTTargetClassifier',
        beta=0.0).train()
    with pytest.raises(
            RuntimeError,
            match="RSC at 'backbone' needs labels, "
            'and SHOTTargetClassifier gave none'):
        model(torch.randn(4, 1, 28, 28), _samples(), mode='loss')


def test_shot_target_model_challenges_with_pseudo_labels():
    model = _plugged(
        'lenet_shot_digits.py', type='mmda.SHOTTargetClassifier',
        beta=0.3).train()
    samples = _samples()
    for s, y in zip(samples, (1, 2, 3, 4)):
        s.set_field(torch.tensor(y), 'pseudo_label')
    losses = model(torch.randn(4, 1, 28, 28), samples, mode='loss')
    assert set(losses) == {'loss_im', 'loss_pl'}
    assert len(model.mmda_plugins.backbone_after.last_mask) == 4


def test_plugin_labels_sets_and_clears():
    model = _plugged('lenet_digits_dg.py')
    rsc = model.mmda_plugins.backbone_after
    labels = torch.tensor([1, 2])
    with plugin_labels(model, labels):
        assert rsc._labels is labels
    assert rsc._labels is None
