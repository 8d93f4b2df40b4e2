# Copyright (c) mmda contributors. All rights reserved.
"""tools/lint.sh fails on findings of flake8, isort or yapf and --fix
rewrites what the formatters can, with the settings of setup.cfg."""
import os
import shutil
import subprocess
import sys

import pytest
from tool_runs import REPO

for tool in ('flake8', 'isort', 'yapf'):
    pytest.importorskip(tool, reason='pip install -r requirements/lint.txt')

CLEAN = 'import os\n\n\ndef cwd():\n    return os.getcwd()\n'


@pytest.fixture
def tree(tmp_path):
    """A checkout's skeleton: the lint settings and script, the linted
    folders, one clean module."""
    shutil.copy(os.path.join(REPO, 'setup.cfg'), tmp_path)
    (tmp_path / 'tools').mkdir()
    shutil.copy(os.path.join(REPO, 'tools', 'lint.sh'), tmp_path / 'tools')
    for folder in ('mmda', 'tests', 'demo', 'benchmarks', 'projects'):
        (tmp_path / folder).mkdir()
    (tmp_path / 'setup.py').write_text(CLEAN)
    (tmp_path / 'mmda' / 'ok.py').write_text(CLEAN)
    return tmp_path


def _lint(tree, *args):
    return subprocess.run(['bash', 'tools/lint.sh', *args],
                          cwd=tree,
                          env=dict(os.environ, PYTHON=sys.executable),
                          capture_output=True,
                          text=True,
                          timeout=300)


def test_clean_tree_passes(tree):
    proc = _lint(tree)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'lint: clean' in proc.stdout


def test_flake8_finding_fails(tree):
    (tree / 'mmda' / 'bad.py').write_text(
        CLEAN.replace('import os\n', 'import os\nimport sys\n'))
    proc = _lint(tree)
    assert proc.returncode == 1
    assert "F401 'sys' imported but unused" in proc.stdout
    assert 'lint: flake8 found problems' in proc.stderr


def test_fix_sorts_imports_and_formats(tree):
    messy = 'import sys\nimport os\nprint( os.sep,sys.path )\n'
    (tree / 'tests' / 'messy.py').write_text(messy)
    proc = _lint(tree)
    assert proc.returncode == 1
    assert 'isort yapf found problems' in proc.stderr
    proc = _lint(tree, '--fix')
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tree / 'tests' / 'messy.py').read_text() == \
        'import os\nimport sys\n\nprint(os.sep, sys.path)\n'
