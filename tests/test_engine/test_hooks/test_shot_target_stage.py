# Copyright (c) mmda contributors. All rights reserved.
"""SHOT's target stage through the stock loop: what SHOTTargetLoop used to
check is now LoadFromCheckHook's (the source checkpoint) and the model's
(source-free batches)."""
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner
from shot_target_stage import N_TARGET, LabelRecorder, target_cfg
from tool_runs import REPO

# mmda's tools load full mmengine checkpoints in a trusted scope; so do these
# in-process runs.
pytestmark = pytest.mark.usefixtures('trusted_checkpoints')


def test_target_stage_freezes_head_and_trains_the_rest(tmp_path, source_ckpt):
    runner = Runner.from_cfg(target_cfg(tmp_path, source_ckpt))
    recorder = LabelRecorder()
    runner.register_hook(recorder)
    runner.train()
    source = torch.load(source_ckpt, weights_only=False)['state_dict']
    state = runner.model.state_dict()
    head_keys = [k for k in state if k.startswith('head.')]
    assert head_keys and all(
        torch.equal(state[k], source[k]) for k in head_keys)
    assert not torch.equal(state['neck.fc.weight'], source['neck.fc.weight'])
    assert runner.iter == 4  # one epoch of ceil(32 / 8) iterations
    assert recorder.seen[1].shape == (N_TARGET, )
    for key in ('train/loss_im', 'train/loss_pl',
                'train/pseudo_label_agreement'):
        assert key in runner.message_hub.log_scalars, key


def test_a_source_and_target_batch_is_rejected(tmp_path, source_ckpt):
    # The SHOT model under a UDA loop (a source + target batch) says why.
    cfg = target_cfg(tmp_path, source_ckpt)
    cfg.target_dataloader = dict(cfg.train_dataloader)
    cfg.train_cfg = dict(type='mmda.UDATrainLoop', max_iters=2)
    with pytest.raises(TypeError, match='source-free.*target_dataloader'):
        Runner.from_cfg(cfg).train()


def test_labelled_training_set_is_rejected(tmp_path, source_ckpt):
    cfg = target_cfg(tmp_path, source_ckpt)
    cfg.train_dataloader.dataset = cfg.train_dataloader.dataset.dataset
    with pytest.raises(RuntimeError, match='carries a label.*Unlabeled'):
        Runner.from_cfg(cfg).train()


def test_missing_source_checkpoint(tmp_path):
    with pytest.raises(ValueError, match='set `load_from`'):
        Runner.from_cfg(target_cfg(tmp_path, None)).train()
    missing = str(tmp_path / 'nope.pth')
    with pytest.raises(FileNotFoundError, match='nope.pth.*no such'):
        Runner.from_cfg(target_cfg(tmp_path, missing)).train()


def test_checkpoint_of_another_architecture(tmp_path, source_ckpt):
    cfg = target_cfg(tmp_path, source_ckpt)
    cfg.model.neck.out_channels = 128
    cfg.model.head.in_channels = 128
    with pytest.raises(
            ValueError,
            match=r'not a checkpoint of this '
            r'architecture.*shape-mismatched keys \(head.fc'):
        Runner.from_cfg(cfg).train()
    from mmda.registry import MODELS
    other = MODELS.build(
        Config.fromfile(
            osp.join(REPO, 'configs/_base_/models/lenet_digits.py')).model)
    path = str(tmp_path / 'lenet_linear_head.pth')
    torch.save(dict(state_dict=other.state_dict()), path)
    with pytest.raises(ValueError, match='missing keys .*head.fc.param'):
        Runner.from_cfg(target_cfg(tmp_path, path)).train()


def test_class_count_differs_from_the_source_model(tmp_path, source_ckpt):
    cfg = target_cfg(tmp_path, source_ckpt)
    cfg.train_dataloader.dataset.dataset.metainfo = dict(
        classes=[str(i) for i in range(9)])
    with pytest.raises(
            ValueError,
            match='training set has 9 classes but '
            "the model's head predicts 10"):
        Runner.from_cfg(cfg).train()
