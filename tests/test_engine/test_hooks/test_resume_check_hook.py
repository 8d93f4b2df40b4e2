# Copyright (c) mmda contributors. All rights reserved.
"""ResumeCheckHook: another model's checkpoint, a finished one, and what a
resume with changed settings keeps."""
from types import SimpleNamespace

import pytest
from mmengine.config import Config
from torch import nn

from mmda.engine.hooks import ResumeCheckHook


class _Logger:

    def __init__(self):
        self.warnings = []

    def warning(self, message):
        self.warnings.append(message)


def _runner(resume=True, max_iters=10, lr=0.01, batch_size=8):
    cfg = Config(
        dict(
            resume=resume,
            load_from='work/iter_4.pth',
            optim_wrapper=dict(optimizer=dict(type='SGD', lr=lr)),
            train_dataloader=dict(batch_size=batch_size)))
    return SimpleNamespace(
        cfg=cfg,
        model=nn.Linear(2, 2),
        train_loop=SimpleNamespace(max_iters=max_iters),
        logger=_Logger())


def _checkpoint(model, it=4, lr=0.01, batch_size=8):
    saved = Config(
        dict(
            optim_wrapper=dict(optimizer=dict(type='SGD', lr=lr)),
            train_dataloader=dict(batch_size=batch_size)))
    return dict(
        meta=dict(iter=it, cfg=saved.pretty_text),
        state_dict=model.state_dict())


def test_another_models_checkpoint_is_refused():
    runner = _runner()
    checkpoint = _checkpoint(nn.Linear(2, 3))
    with pytest.raises(RuntimeError, match='different model'):
        ResumeCheckHook().after_load_checkpoint(runner, checkpoint)


def test_a_checkpoint_with_nothing_left_to_train_is_refused():
    # e.g. SHOT stage 2 --resume best_source.pth, whose source run was as
    # long as or longer than the target stage
    runner = _runner(max_iters=10)
    checkpoint = _checkpoint(runner.model, it=10)
    with pytest.raises(
            RuntimeError,
            match='iteration 10, and this run has 10 iterations, so nothing '
            'would be trained.*load_from'):
        ResumeCheckHook().after_load_checkpoint(runner, checkpoint)


def test_changed_lr_and_batch_size_are_reported():
    runner = _runner(lr=0.1, batch_size=16)
    ResumeCheckHook().after_load_checkpoint(
        runner, _checkpoint(runner.model, lr=0.01, batch_size=8))
    text = '\n'.join(runner.logger.warnings)
    assert 'lr is 0.1 in the config but 0.01 in the checkpoint' in text
    assert "keeps the checkpoint's optimiser state" in text
    assert 'train_dataloader.batch_size is 16 in the config but 8' in text


def test_unchanged_resume_and_load_from_say_nothing():
    runner = _runner()
    ResumeCheckHook().after_load_checkpoint(runner, _checkpoint(runner.model))
    assert runner.logger.warnings == []
    # load_from (not a resume) is not this hook's to check
    runner = _runner(resume=False)
    ResumeCheckHook().after_load_checkpoint(
        runner, _checkpoint(nn.Linear(2, 3), it=99))
