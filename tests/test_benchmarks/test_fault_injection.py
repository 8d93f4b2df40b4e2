# Copyright (c) mmda contributors. All rights reserved.
"""Short run of benchmarks/fault_injection.py: a real tools/train.py killed
with SIGKILL while it writes a checkpoint, then resumed."""
import importlib.util
import os.path as osp

from tool_runs import REPO


def _load_script():
    path = osp.join(REPO, 'benchmarks/fault_injection.py')
    spec = importlib.util.spec_from_file_location('fault_injection', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_kill_during_save_then_resume_is_exact(tmp_path, capsys):
    script = _load_script()
    counts = script.main([
        '--kills', '1', '--moments', 'save', '--interval', '2', '--max-iters',
        '8', '--work-dir',
        str(tmp_path)
    ])
    out = capsys.readouterr().out
    assert 'kill 1 (save)' in out, out
    assert out.strip().splitlines()[-1] == \
        'kills: 1, resumed: 1, bit-identical: 1, lost: 0', out
    assert counts == dict(kills=1, resumed=1, identical=1, lost=0)


def test_sigterm_stops_cleanly_and_second_run_is_refused(tmp_path, capsys):
    script = _load_script()
    counts = script.main([
        '--signal', 'TERM', '--kills', '1', '--moments', 'any', '--intruders',
        '1', '--work-dir',
        str(tmp_path)
    ])
    out = capsys.readouterr().out
    assert 'segment 1: a second run into its work dir was refused' in out
    assert 'kill 1 (TERM, any): exit status 143, stopped after iteration' \
        in out, out
    assert out.strip().splitlines()[-1] == \
        'kills: 1, resumed: 1, bit-identical: 1, lost: 0, clean: 1, ' \
        'intruders refused: 1', out
    assert script.succeeded(script.parse_args(['--intruders', '1']), counts)
