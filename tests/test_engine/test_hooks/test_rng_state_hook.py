# Copyright (c) mmda contributors. All rights reserved.
"""Per-rank random states: exact resume of 2 gloo processes whose ranks
draw differently (``randomness.diff_rank_seed=True``)."""
import socket
import sys

import torch

from conftest import DANN_CFG, TINY_OPTIONS, run_tool
from mmda.engine.hooks.rng_state_hook import RNG_STATES_PER_RANK_KEY
from mmda.engine.runner.rng_state import RNG_STATE_KEY


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return str(s.getsockname()[1])


def _dist_train(work, *extra):
    return run_tool(
        [
            'bash', 'tools/dist_train.sh', DANN_CFG, '2', '--work-dir',
            str(work), '--no-validate', '--cfg-options', *TINY_OPTIONS,
            'train_cfg.max_iters=4', 'param_scheduler.0.end=4',
            'default_hooks.checkpoint.interval=2',
            'default_hooks.checkpoint.max_keep_ckpts=-1',
            'randomness.diff_rank_seed=True', *extra
        ],
        env={'PORT': _free_port(), 'PYTHON': sys.executable})


def test_two_process_resume_with_diff_rank_seed_is_exact(tmp_path):
    full, resumed = tmp_path / 'full', tmp_path / 'resumed'
    _dist_train(full)
    mid = torch.load(full / 'iter_2.pth', weights_only=False)
    info = mid['message_hub']['runtime_info']
    per_rank = info[RNG_STATES_PER_RANK_KEY]
    assert len(per_rank) == 2
    # the ranks really draw differently, and rank 0's entry is the one the
    # single-process key holds
    assert not torch.equal(per_rank[0]['torch'], per_rank[1]['torch'])
    assert torch.equal(per_rank[0]['torch'], info[RNG_STATE_KEY]['torch'])

    _dist_train(resumed, '--resume', str(full / 'iter_2.pth'))
    a = torch.load(full / 'iter_4.pth', weights_only=False)
    b = torch.load(resumed / 'iter_4.pth', weights_only=False)
    differ = [k for k in a['state_dict']
              if not torch.equal(a['state_dict'][k], b['state_dict'][k])]
    assert not differ, f'{len(differ)} tensors differ after resume: {differ}'
