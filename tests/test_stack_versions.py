# Copyright (c) mmda contributors. All rights reserved.
import os.path as osp
import re
import subprocess
import sys

import pytest

from mmda.stack_versions import SUPPORTED, check_stack_versions

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))


def _requirements(name):
    with open(osp.join(REPO, 'requirements', name)) as f:
        return [
            line.split('#')[0].strip() for line in f
            if line.split('#')[0].strip()
        ]


def test_import_check_and_pip_state_the_same_ranges():
    runtime = _requirements('runtime.txt')
    for name, (low, high) in SUPPORTED.items():
        assert f'{name}>={low},<{high}' in runtime, name


def test_package_requirements_are_ranges_not_pins():
    for name in ('runtime.txt', 'mminstall.txt', 'optional.txt', 'tests.txt'):
        for line in _requirements(name):
            assert not re.search(r'(?<![<>!~=])==', line), (name, line)
    # the exact stack lives only in the constraints tools/install.sh uses
    pins = _requirements('constraints.txt')
    assert 'torch==2.14.1' in pins and 'mmpretrain==1.2.0' in pins


@pytest.mark.parametrize('package,version', [('mmengine', '0.9.0'),
                                             ('mmengine', '1.0.0'),
                                             ('mmpretrain', '1.0.2')])
def test_unsupported_stack_states_the_range(package, version):
    low, high = SUPPORTED[package]
    with pytest.raises(
            ImportError,
            match=rf'mmda supports {package}>={low},<{high}, '
            rf'but {package} {version} is installed'):
        check_stack_versions({package: version})


def test_supported_and_absent_packages_pass():
    check_stack_versions({'mmengine': '0.10.7', 'mmpretrain': '1.2.0'})
    check_stack_versions({})


def test_import_mmda_checks_versions_without_importing_the_stack():
    """The check reads installed metadata: ``import mmda`` alone imports
    neither torch nor mmengine."""
    probe = ('import sys, mmda; '
             'print(sorted(m for m in ("torch", "mmengine", "mmpretrain") '
             'if m in sys.modules))')
    proc = subprocess.run([sys.executable, '-c', probe],
                          cwd=REPO,
                          capture_output=True,
                          text=True,
                          check=True)
    assert proc.stdout.strip() == '[]', proc.stdout + proc.stderr
