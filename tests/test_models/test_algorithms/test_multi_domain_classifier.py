# Copyright (c) mmda contributors. All rights reserved.
"""MultiDomainClassifier: ERM plus losses over the domains of a batch."""
import pytest
import torch
import torch.nn.functional as F
from config_path import config_path
from mmengine.config import Config
from mmpretrain.structures import DataSample

from mmda.models import CORALLoss, MultiDomainClassifier
from mmda.registry import MODELS

CFG = config_path('coral', 'coral_mnistcnn_5k_rotated_mnist_75')


def _model(**overrides):
    cfg = Config.fromfile(CFG).model
    cfg.update(overrides)
    model = MODELS.build(cfg)
    model.init_weights()
    return model


def _batch(domains, labels=None, channels=1):
    g = torch.Generator().manual_seed(0)
    n = len(domains)
    labels = labels if labels is not None else [i % 10 for i in range(n)]
    samples = []
    for d, y in zip(domains, labels):
        s = DataSample().set_gt_label(y)
        if d is not None:
            s.set_metainfo(dict(domain_idx=d))
        samples.append(s)
    inputs = torch.randint(0, 256, (n, channels, 28, 28), generator=g)
    return dict(inputs=inputs.float(), data_samples=samples)


def test_erm_term_plus_coral_over_domain_groups():
    model = _model()
    assert isinstance(model, MultiDomainClassifier)
    assert isinstance(model.dg_losses[0], CORALLoss)
    batch = _batch([0, 1, 2, 0, 1, 2, 0, 1, 2])
    data = model.data_preprocessor(batch, True)
    losses = model(**data, mode='loss')
    assert set(losses) == {'loss_cls', 'loss_coral'}
    # the same terms by hand from one forward pass
    feats = model.extract_feat(data['inputs'])
    logits = model.head(feats)
    labels = torch.tensor([s.gt_label.item() for s in batch['data_samples']])
    torch.testing.assert_close(losses['loss_cls'],
                               F.cross_entropy(logits, labels))
    pooled = model.head.pre_logits(feats)
    by_domain = [pooled[i::3] for i in range(3)]
    from mmda.models import coral_distance
    expected = torch.stack([
        coral_distance(by_domain[a], by_domain[b])
        for a, b in ((0, 1), (0, 2), (1, 2))
    ]).mean()
    torch.testing.assert_close(losses['loss_coral'], expected)


def test_without_dg_losses_it_is_erm_and_needs_no_domains():
    model = _model(dg_losses=[])
    data = model.data_preprocessor(_batch([None] * 4), True)
    assert set(model(**data, mode='loss')) == {'loss_cls'}
    preds = model(**data, mode='predict')
    assert len(preds) == 4


def test_bad_batches_name_what_is_wrong():
    model = _model()
    data = model.data_preprocessor(_batch([0, 1, None, 1]), True)
    with pytest.raises(KeyError, match="sample 2 .* no 'domain_idx'"):
        model(**data, mode='loss')
    data = model.data_preprocessor(_batch([0, 0, 0, 0]), True)
    with pytest.raises(ValueError, match='one domain'):
        model(**data, mode='loss')
    data = model.data_preprocessor(_batch([0, 0, 0, 1, 1]), True)
    with pytest.raises(ValueError, match=r'\[3, 2\] samples.*equal_groups'):
        model(**data, mode='loss')
    relaxed = _model(equal_groups=False)
    data = relaxed.data_preprocessor(_batch([0, 0, 0, 1, 1]), True)
    assert 'loss_coral' in relaxed(**data, mode='loss')
