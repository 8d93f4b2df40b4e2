# Copyright (c) mmda contributors. All rights reserved.
"""FisherImportanceHook hands the adapter the Fisher importance of the
source loader's first samples, at the source weights, before the test
(mmda/engine/hooks/fisher_importance_hook.py)."""
import copy
import os.path as osp
from types import SimpleNamespace

import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner
from tool_runs import REPO
from torch.utils.data import DataLoader
from tta_models import confident_classifier

from mmda.engine.hooks import FisherImportanceHook, source_batches
from mmda.models import EATAAdapter, TentAdapter

EATA = osp.join(REPO, 'configs/test_time_adapt/eata_dtn_mnist5k_c.py')


def _loader_cfg(**dataset):
    # the EATA config's source loader, in batches of 8
    cfg = copy.deepcopy(Config.fromfile(EATA).fisher_dataloader)
    cfg.batch_size = 8
    cfg.dataset.update(dataset)
    return cfg


def _runner(model):
    # the hook reads the model, the seed and build_dataloader only
    return SimpleNamespace(
        model=model, seed=0, build_dataloader=Runner.build_dataloader)


def test_fisher_of_the_first_samples_at_the_source_weights():
    adapter = EATAAdapter(confident_classifier(), fisher_alpha=1.)
    adapter.reset()  # the source weights, recorded
    # moved away from the source (as by adaptation): the hook returns to
    # the source weights first
    with torch.no_grad():
        adapter.params[0][1].add_(0.5)
    hook = FisherImportanceHook(_loader_cfg(), num_samples=20)
    hook.before_test(_runner(adapter))
    source = EATAAdapter(confident_classifier(), fisher_alpha=1.)
    source.reset()
    loader = Runner.build_dataloader(_loader_cfg(), seed=0)
    batches = list(source_batches(loader, 20))
    assert [len(b['inputs']) for b in batches] == [8, 8, 4]
    pre = source.data_preprocessor
    source.compute_fisher(pre(b, False)['inputs'] for b in batches)
    for a, b in zip(adapter.fisher, source.fisher):
        assert torch.equal(a, b)
    for (_, p), a in zip(source.params, adapter.anchors):
        assert torch.equal(p, a)


def test_eta_needs_no_source_data():
    adapter = EATAAdapter(confident_classifier(), fisher_alpha=0.)
    FisherImportanceHook(_loader_cfg()).before_test(_runner(adapter))
    assert adapter.fisher is None


def test_bad_input_names_the_key():
    with pytest.raises(TypeError, match=r'custom_hooks\[...\].dataloader'):
        FisherImportanceHook(None)
    with pytest.raises(ValueError, match=r'custom_hooks\[...\].num_samples'):
        FisherImportanceHook(_loader_cfg(), num_samples=0)
    with pytest.raises(TypeError, match='TentAdapter has none'):
        FisherImportanceHook(_loader_cfg()).before_test(
            _runner(TentAdapter(confident_classifier())))
    empty = FisherImportanceHook(DataLoader([], batch_size=8))
    with pytest.raises(ValueError, match=r'dataloader has no sample'):
        empty.before_test(_runner(EATAAdapter(confident_classifier())))
