# Copyright (c) mmda contributors. All rights reserved.
"""A head whose num_classes differs from the datasets' is refused before
training (mmda/engine/hooks/num_classes_check_hook.py)."""
import pytest
from mmengine.runner import Runner
from tiny_runs import dann_runner, dg_cfg

from mmda.engine.hooks import NumClassesCheckHook


def test_head_with_more_classes_than_the_dataset(tmp_path):
    cfg = dg_cfg(tmp_path)
    assert dict(type=NumClassesCheckHook) in cfg.custom_hooks
    cfg.model.model.head.num_classes = 12
    runner = Runner.from_cfg(cfg)
    with pytest.raises(ValueError) as info:
        runner.train()
    assert str(info.value).startswith(
        'train_dataloader: the dataset UCIDigits has 10 classes, but '
        'num_classes is ')
    assert 'head (' in str(info.value) and '): 12' in str(info.value)
    assert runner.iter == 0


def test_matching_uda_model_trains(tmp_path):
    # source and target loaders both checked
    runner = dann_runner(tmp_path, max_iters=1, max_keep_ckpts=1)
    runner.train()
    assert runner.iter == 1
