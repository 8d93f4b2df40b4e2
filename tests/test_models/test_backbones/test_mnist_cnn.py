# Copyright (c) mmda contributors. All rights reserved.
import torch
from domainbed_peer import domainbed_module, needs_domainbed

from mmda.models import MNISTCNN


def test_shapes_and_groupnorm():
    net = MNISTCNN(in_channels=2)
    out, = net(torch.rand(3, 2, 28, 28))
    assert out.shape == (3, 128, 14, 14)
    assert sum(isinstance(m, torch.nn.GroupNorm) for m in net.modules()) == 4


@needs_domainbed
def test_same_function_as_domainbeds_mnist_cnn(monkeypatch):
    with domainbed_module(monkeypatch, 'networks') as networks:
        theirs = networks.MNIST_CNN((1, 28, 28))
    ours = MNISTCNN(in_channels=1)
    # their layers in forward order: conv1, bn0, conv2, bn1, ...
    mapping = {}
    convs = ['conv1', 'conv2', 'conv3', 'conv4']
    norms = ['bn0', 'bn1', 'bn2', 'bn3']
    for block, (c, n) in enumerate(zip(convs, norms)):
        mapping[f'features.{3 * block}'] = c
        mapping[f'features.{3 * block + 2}'] = n
    state = {}
    for ours_name, their_name in mapping.items():
        for p in ('weight', 'bias'):
            state[f'{ours_name}.{p}'] = getattr(
                getattr(theirs, their_name), p).detach()
    ours.load_state_dict(state)
    x = torch.rand(4, 1, 28, 28)
    pooled = ours(x)[0].mean((2, 3))
    torch.testing.assert_close(pooled, theirs(x))
