# Copyright (c) mmda contributors. All rights reserved.
"""RSC as a plug-in: its head is resolved once at insertion, it adds no
state-dict keys, a deep copy probes the copy's head, and its numerics are
those of the code before the plug-in adapter was split from the layer."""
import copy
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmpretrain.structures import DataSample
from tool_runs import REPO

from mmda.models import plugin_layers
from mmda.models.layers import RSC, rsc_spatial_choice
from mmda.registry import MODELS

MODELS_DIR = osp.join(REPO, 'configs/_base_/models')


def _inner(model_file):
    return Config.fromfile(osp.join(MODELS_DIR, model_file)).model


def _plugged(model_file, **rsc_options):
    return MODELS.build(
        dict(
            type='mmda.PluggedModel',
            model=_inner(model_file),
            plugins=[
                dict(
                    path='backbone',
                    layer=dict(type='mmda.RSC', **rsc_options))
            ]))


def _samples(labels):
    return [DataSample().set_gt_label(int(y)) for y in labels]


def test_head_is_resolved_once_and_adds_no_state():
    model = _plugged('lenet_digits_dg.py')
    (rsc, ) = plugin_layers(model)
    assert rsc.head_modules == (model.neck, model.head)
    assert not list(rsc.children()) and not rsc.state_dict()
    # the keys of the model without RSC: its checkpoints load strictly
    plain = MODELS.build(_inner('lenet_digits_dg.py'))
    assert list(model.state_dict()) == list(plain.state_dict())
    model.load_state_dict(plain.state_dict(), strict=True)
    assert sum(1 for m in model.modules() if m is model.head) == 1


def test_deepcopy_probes_the_copied_head():
    model = _plugged('lenet_digits_dg.py', batch_percent=1.0).train()
    clone = copy.deepcopy(model)
    (rsc, ) = plugin_layers(clone)
    assert rsc.head_modules == (clone.neck, clone.head)
    assert rsc.head_modules[1] is not model.head
    torch.manual_seed(0)
    x, y = torch.randn(4, 1, 28, 28), torch.tensor([0, 1, 2, 3])
    rsc.spatial = plugin_layers(model)[0].spatial = False
    probed = []
    clone.head.register_forward_hook(lambda m, a, out: probed.append(m))
    model.head.register_forward_hook(lambda m, a, out: probed.append(m))
    clone(x, _samples(y), mode='loss')
    # two probing passes and the loss pass, all through the copy's head
    assert probed == [clone.head] * 3


def test_feature_maps_need_the_choice_of_the_iteration():
    model = _plugged('lenet_digits_dg.py').train()
    with pytest.raises(
            RuntimeError,
            match="RSC at 'backbone': no spatial- or channel-wise "
            'choice.*RSCSpatialChoiceHook'):
        model(torch.randn(2, 1, 28, 28), _samples([0, 1]), mode='loss')


# Captured from the code before the plug-in adapter was split from the
# layer (RSC then read the seed and iteration from mmengine's MessageHub,
# here seed 5 and iterations 0-3): whether it muted spatially, the loss,
# the number of ones in the mask and the sum of all gradients.
PINNED = {
    'lenet_digits_dg.py': [
        (True, 2.4738879203796387, 78, 78.44447425197598),
        (True, 2.40936017036438, 84, -101.7463702810376),
        (False, 2.6083498001098633, 252, -83.83922621920111),
        (True, 2.590101957321167, 84, 110.11767776437755),
    ],
    # feature vectors (N, 500): always channel-wise, source rows only
    'lenet_dann_digits.py': [
        (True, 3.9078633785247803, 2529, -29.755039066032587),
        (True, 3.4085206985473633, 2529, -65.48116367906891),
        (False, 3.6360373497009277, 2529, 203.84889661103307),
        (True, 3.5433878898620605, 2529, 168.06941175403531),
    ],
}


@pytest.mark.parametrize('model_file', sorted(PINNED))
def test_numerics_are_those_of_the_former_layer(model_file):
    uda = 'dann' in model_file
    torch.manual_seed(0)
    model = _plugged(model_file, batch_percent=0.5).train()
    (rsc, ) = plugin_layers(model)
    assert isinstance(rsc, RSC)
    for it, (spatial, loss, ones, grad_sum) in enumerate(PINNED[model_file]):
        rsc.spatial = rsc_spatial_choice(5, it, rsc.where, rsc.spatial_prob)
        assert rsc.spatial == spatial
        x, y = torch.randn(6, 1, 28, 28), torch.randint(0, 10, (6, ))
        if uda:
            losses = model(
                dict(source=x, target=torch.randn(3, 1, 28, 28)),
                dict(
                    source=_samples(y),
                    target=[DataSample() for _ in range(3)]),
                mode='loss')
        else:
            losses = model(x, _samples(y), mode='loss')
        total = sum(v for k, v in losses.items() if 'loss' in k)
        model.zero_grad()
        total.backward()
        grads = sum(p.grad.double().sum().item() for p in model.parameters()
                    if p.grad is not None)
        assert total.item() == pytest.approx(loss, rel=1e-6), it
        assert int(rsc.last_mask.sum()) == ones, it
        assert grads == pytest.approx(grad_sum, rel=1e-5), it
