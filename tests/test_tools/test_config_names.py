# Copyright (c) mmda contributors. All rights reserved.
"""tools/train.py and tools/test.py take a packaged config's name."""
import importlib.util
import os.path as osp

import pytest
from tool_runs import REPO

NAME = 'dann_lenet_2k_digits_uci2mnist5k.py'


def _tool(name):
    spec = importlib.util.spec_from_file_location(
        f'mmda_tool_{name}', osp.join(REPO, 'tools', f'{name}.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize('tool', ['train', 'test'])
def test_config_name_works_from_any_folder(tool, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ckpt = tmp_path / 'iter_1.pth'
    ckpt.write_bytes(b'')
    argv = [NAME] + ([str(ckpt)] if tool == 'test' else [])
    args = _tool(tool).parse_args(argv)
    assert args.config == osp.join(REPO, 'mmda', 'configs', 'dann', NAME)
    assert osp.isfile(args.config)


@pytest.mark.parametrize('tool', ['train', 'test'])
@pytest.mark.parametrize('given', [
    'dann_lenet_2k_digits_uci2mnist.py', 'dann_lenet_2k_digits-uci2mnist5k.py'
])
def test_unknown_config_name_lists_the_closest(tool, given, tmp_path,
                                               monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    ckpt = tmp_path / 'iter_1.pth'
    ckpt.write_bytes(b'')
    argv = [given] + ([str(ckpt)] if tool == 'test' else [])
    with pytest.raises(SystemExit) as info:
        _tool(tool).parse_args(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f'config file {given!r} does not exist' in err
    assert f'Closest config names: {NAME}' in err
