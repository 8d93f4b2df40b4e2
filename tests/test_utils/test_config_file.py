# Copyright (c) mmda contributors. All rights reserved.
"""Syntax errors in configs are reported in their file, not "<unknown>"."""
import pytest

from mmda.utils import load_config

BROKEN = 'model = dict(type="LeNet"\n'


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
