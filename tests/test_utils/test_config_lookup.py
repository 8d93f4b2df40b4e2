# Copyright (c) mmda contributors. All rights reserved.
"""Config names are looked up among mmda's packaged configs."""
import os.path as osp

import pytest

from mmda.utils import closest_config_names, find_config, packaged_configs
from mmda.utils.config_lookup import CONFIG_ROOT

NAME = 'dann_lenet_2k_digits_uci2mnist5k.py'
PACKAGED = osp.join(CONFIG_ROOT, 'dann', NAME)


def test_existing_path_is_returned_as_given(tmp_path):
    own = tmp_path / NAME
    own.write_text('x = 1\n')
    # A user's file of the same name wins over the packaged config.
    assert find_config(str(own)) == str(own)


@pytest.mark.parametrize(
    'given', [NAME, NAME[:-3], f'configs/dann/{NAME}', f'dann/{NAME}'])
def test_name_is_found_from_any_folder(given, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert find_config(given) == PACKAGED


@pytest.mark.parametrize(
    'given',
    [
        'dann_lenet_2k_digits_uci2mnist.py',
        # the dashed name of before the configs became importable modules
        'dann_lenet_2k_digits-uci2mnist5k.py',
    ])
def test_unknown_name_lists_the_closest(given, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError) as info:
        find_config(given)
    message = str(info.value)
    assert f'config file {given!r} does not exist' in message
    assert f'Closest config names: {NAME}' in message


def test_base_files_are_not_tasks(tmp_path, monkeypatch):
    # _base_/datasets/digits.py is a part to inherit, not a config to run.
    monkeypatch.chdir(tmp_path)
    assert all('_base_' not in p for ps in packaged_configs().values()
               for p in ps)
    with pytest.raises(FileNotFoundError, match="named 'digits.py'"):
        find_config('digits.py')


def test_packaged_names_are_unique():
    # Looking a config up by its file name needs each name to be one file.
    configs = packaged_configs()
    assert len(configs) > 100
    assert {n: ps for n, ps in configs.items() if len(ps) > 1} == {}


def test_ambiguous_name_is_refused(tmp_path):
    for folder in ('a', 'b'):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / 'task.py').write_text('x = 1\n')
    with pytest.raises(FileNotFoundError, match='ambiguous'):
        find_config('task.py', root=str(tmp_path))
    assert find_config(
        'task', root=str(tmp_path / 'a')) == str(tmp_path / 'a' / 'task.py')


def test_closest_names_rank_the_renamed_config_first():
    assert closest_config_names('dann_lenet_2k_digits-uci2mnist5k')[0] == NAME
    assert closest_config_names('zzzz') == []
