# Copyright (c) mmda contributors. All rights reserved.
"""Syntax errors in configs are reported in their file, not "<unknown>"."""
import sys

import pytest

from mmda.utils import load_config

BROKEN = 'model = dict(type="LeNet"\n'
PURE_PYTHON = ('from mmengine.config import read_base\n\n'
               'with read_base():\n'
               '    from mmda.configs.dann.dann_lenet_2k_digits_uci2mnist5k '
               'import *  # noqa\n\n')


def test_syntax_error_in_the_config_names_it(tmp_path):
    leaf = tmp_path / 'leaf.py'
    leaf.write_text(
        'from mmengine.config import read_base\n\n'
        'with read_base():\n'
        '    from mmda.configs.dann.dann_lenet_2k_digits_uci2mnist5k '
        'import *  # noqa\n\n' + BROKEN)
    with pytest.raises(SyntaxError) as info:
        load_config(str(leaf))
    assert info.value.filename == str(leaf) and info.value.lineno == 6
    assert f'in config {leaf}' in str(info.value)


def test_syntax_error_in_a_base_names_the_base(tmp_path):
    (tmp_path / 'broken_base.py').write_text('x = 1\n' + BROKEN)
    leaf = tmp_path / 'leaf.py'
    leaf.write_text('from mmengine.config import read_base\n\n'
                    'with read_base():\n'
                    '    from .broken_base import *  # noqa\n')
    with pytest.raises(SyntaxError) as info:
        load_config(str(leaf))
    assert info.value.filename == str(tmp_path / 'broken_base.py')
    assert info.value.lineno == 2


def test_a_valid_config_loads(tmp_path):
    leaf = tmp_path / 'ok.py'
    leaf.write_text('x = dict(a=1)\n')
    assert load_config(str(leaf)).x == dict(a=1)


@pytest.mark.parametrize('bases', ["'./base/broken.py'", "['base/broken.py']"])
def test_syntax_error_in_an_old_style_base_names_it(tmp_path, bases):
    (tmp_path / 'base').mkdir()
    (tmp_path / 'base' / 'broken.py').write_text('x = 1\n' + BROKEN)
    leaf = tmp_path / 'leaf.py'
    leaf.write_text(f'_base_ = {bases}\ny = 2\n')
    with pytest.raises(SyntaxError) as info:
        load_config(str(leaf))
    assert info.value.filename == str(tmp_path / 'base' / 'broken.py')
    assert info.value.lineno == 2


def test_custom_imports_of_a_pure_python_config_are_imported(
        tmp_path, monkeypatch):
    module = tmp_path / 'my_plugin_for_test.py'
    module.write_text('IMPORTED = True\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    leaf = tmp_path / 'leaf.py'
    leaf.write_text(PURE_PYTHON +
                    "custom_imports = dict(imports=['my_plugin_for_test'], "
                    'allow_failed_imports=False)\n')
    monkeypatch.delitem(sys.modules, 'my_plugin_for_test', raising=False)
    load_config(str(leaf))
    assert sys.modules['my_plugin_for_test'].IMPORTED
    leaf.write_text(leaf.read_text().replace('my_plugin_for_test', 'no_such'))
    with pytest.raises(ImportError, match='no_such'):
        load_config(str(leaf))


def test_custom_imports_of_the_wrong_shape_are_refused(tmp_path):
    leaf = tmp_path / 'leaf.py'
    leaf.write_text(PURE_PYTHON + "custom_imports = ['a']\n")
    with pytest.raises(TypeError, match=r'custom_imports must be dict'):
        load_config(str(leaf))
