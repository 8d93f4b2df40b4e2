# Copyright (c) mmda contributors. All rights reserved.
"""Per-rank random states: exact resume of 2 gloo processes whose ranks
draw differently (``randomness.diff_rank_seed=True``)."""
import sys

import torch
from dist_env import free_port
from tool_runs import DANN_CFG, TINY_OPTIONS, run_tool

from mmda.engine.hooks.rng_state_hook import RNG_STATES_PER_RANK_KEY
from mmda.utils.rng_state import RNG_STATE_KEY


def _dist_train(work, *extra):
    return run_tool([
        'bash', 'tools/dist_train.sh', DANN_CFG, '2', '--work-dir',
        str(work), '--no-validate', '--cfg-options', *TINY_OPTIONS,
        'train_cfg.max_iters=4', 'param_scheduler.0.end=4',
        'default_hooks.checkpoint.interval=2',
        'default_hooks.checkpoint.max_keep_ckpts=-1',
        'randomness.diff_rank_seed=True', *extra
    ],
                    env={
                        'PORT': free_port(),
                        'PYTHON': sys.executable
                    })


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
    differ = [
        k for k in a['state_dict']
        if not torch.equal(a['state_dict'][k], b['state_dict'][k])
    ]
    assert not differ, f'{len(differ)} tensors differ after resume: {differ}'


class _Logger:

    def __init__(self):
        self.warnings = []

    def warning(self, message):
        self.warnings.append(message)


class _Runner:

    def __init__(self, resume=True):
        self.logger = _Logger()
        self.iter = 5
        # as tools/train.py sets it, and the hook reads it
        self.cfg = dict(resume=resume)


def _checkpoint(per_rank):
    from mmda.utils import get_rng_state
    info = {RNG_STATE_KEY: get_rng_state()}
    if per_rank is not None:
        info[RNG_STATES_PER_RANK_KEY] = per_rank
    return dict(message_hub=dict(runtime_info=info))


def test_single_process_saves_and_restores_its_own_state():
    from mmda.engine.hooks import RNGStateHook
    runner, hook = _Runner(), RNGStateHook()
    checkpoint = _checkpoint(None)
    hook.before_save_checkpoint(runner, checkpoint)
    info = checkpoint['message_hub']['runtime_info']
    assert len(info[RNG_STATES_PER_RANK_KEY]) == 1
    saved = info[RNG_STATES_PER_RANK_KEY][0]['torch'].clone()
    info[RNG_STATE_KEY] = None  # the rank's own entry is what is restored
    torch.rand(3)  # the generators move on; the checkpoint does not
    hook.after_load_checkpoint(runner, checkpoint)
    assert RNG_STATES_PER_RANK_KEY not in info  # not kept in the hub
    assert torch.equal(info[RNG_STATE_KEY]['torch'], saved)
    assert not torch.equal(torch.get_rng_state(), saved)
    assert not runner.logger.warnings


def test_resume_with_another_process_count_is_said_to_be_inexact():
    from mmda.engine.hooks import RNGStateHook
    runner = _Runner()
    saved = _checkpoint(None)['message_hub']['runtime_info'][RNG_STATE_KEY]
    checkpoint = _checkpoint([saved, saved])  # written by 2 processes
    RNGStateHook().after_load_checkpoint(runner, checkpoint)
    assert runner.logger.warnings and 'is not exact' in \
        runner.logger.warnings[0]
    assert 'random states of 2 process(es), this run has 1' in \
        runner.logger.warnings[0]


def test_load_from_is_not_a_resume():
    from mmda.engine.hooks import RNGStateHook
    runner = _Runner(resume=False)
    saved = _checkpoint(None)['message_hub']['runtime_info'][RNG_STATE_KEY]
    checkpoint = _checkpoint([saved, saved])
    RNGStateHook().after_load_checkpoint(runner, checkpoint)
    assert not runner.logger.warnings
