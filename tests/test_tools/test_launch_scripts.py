# Copyright (c) mmda contributors. All rights reserved.
"""tools/dist_train.sh, dist_test.sh and slurm_train.sh pass each argument
on unchanged, spaces and quotes included."""
import json
import os
import stat
import sys

import pytest
from tool_runs import run_tool

#: Stands in for python (and srun): prints its arguments as JSON.
_ECHO = '#!/bin/sh\nexec {python} -c "import json, sys; ' \
    'print(json.dumps(sys.argv[1:]))" "$@"\n'
_ODD = ['a b', "it's", '*', 'k=v w', '']


def _echo(path):
    path.write_text(_ECHO.format(python=sys.executable))
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


@pytest.mark.parametrize('script, fixed', [
    ('tools/dist_train.sh', ['cfg dir/my cfg.py', '2']),
    ('tools/dist_test.sh', ['cfg dir/my cfg.py', 'ck dir/it 1.pth', '2']),
])
def test_dist_scripts_keep_arguments(tmp_path, script, fixed):
    fake = _echo(tmp_path / 'python')
    proc = run_tool(['bash', script, *fixed, *_ODD], env=dict(PYTHON=fake))
    argv = json.loads(proc.stdout.strip().splitlines()[-1])
    n = len(fixed) - 1  # the number of processes goes to torchrun
    assert argv[-(n + 2 + len(_ODD)):] == [
        *fixed[:-1], '--launcher', 'pytorch', *_ODD
    ]
    assert '--nproc_per_node=2' in argv


def test_slurm_script_keeps_arguments(tmp_path):
    (tmp_path / 'bin').mkdir()
    _echo(tmp_path / 'bin' / 'srun')
    proc = run_tool(
        [
            'bash', 'tools/slurm_train.sh', 'part', 'my job', 'a cfg.py',
            'work dir', *_ODD
        ],
        env=dict(
            PATH=f'{tmp_path / "bin"}{os.pathsep}{os.environ["PATH"]}',
            PYTHON='py thon'))
    argv = json.loads(proc.stdout.strip().splitlines()[-1])
    assert argv[:2] == ['-p', 'part'] and '--job-name=my job' in argv
    start = argv.index('py thon')
    assert argv[start + 1:start + 3] == ['-u', 'tools/train.py']
    assert argv[start + 3:] == [
        'a cfg.py', '--work-dir=work dir', '--launcher=slurm', *_ODD
    ]
