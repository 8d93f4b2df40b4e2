# Copyright (c) mmda contributors. All rights reserved.
"""tools/test.py refuses checkpoints it cannot score honestly."""
import sys

import torch
from mmengine.config import Config
from tool_runs import DANN_CFG, run_tool

from mmda.registry import MODELS


def _test_py(checkpoint, work_dir):
    return run_tool([
        sys.executable, 'tools/test.py', DANN_CFG,
        str(checkpoint), '--work-dir',
        str(work_dir), '--cfg-options', 'test_dataloader.batch_size=64'
    ],
                    check=False)


def test_non_finite_weights_are_refused_by_name(tmp_path):
    # what a diverging run saved before its loss became non-finite
    state = MODELS.build(Config.fromfile(DANN_CFG).model).state_dict()
    state['neck.norm.running_var'].fill_(float('inf'))
    state['head.fc.weight'][0, 0] = float('nan')
    ckpt = tmp_path / 'iter_20.pth'
    torch.save({'meta': {}, 'state_dict': state}, ckpt)
    proc = _test_py(ckpt, tmp_path / 'work')
    assert proc.returncode != 0
    var, weight = state['neck.norm.running_var'], state['head.fc.weight']
    assert f"checkpoint '{ckpt}' holds non-finite values in " \
        f'neck.norm.running_var ({var.numel()} inf of {var.numel()}), ' \
        f'head.fc.weight (1 nan of {weight.numel()})' in proc.stderr, \
        proc.stderr[-2000:]
    assert 'accuracy/top1' not in proc.stdout


def test_corrupt_checkpoint_is_called_corrupt(tmp_path):
    state = MODELS.build(Config.fromfile(DANN_CFG).model).state_dict()
    ckpt = tmp_path / 'iter_10.pth'
    torch.save({'meta': {}, 'state_dict': state}, ckpt)
    data = ckpt.read_bytes()
    ckpt.write_bytes(data[:len(data) // 2])  # a kill in mid-write
    proc = _test_py(ckpt, tmp_path / 'work')
    assert proc.returncode != 0
    assert f"corrupt checkpoint file: '{ckpt}' is truncated" in proc.stderr
    assert 'does not match the model' not in proc.stderr
