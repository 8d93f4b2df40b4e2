# Copyright (c) mmda contributors. All rights reserved.
import json

import pytest

from mmda.analysis import NoRunsError, collect_runs, parse_config_name


def test_config_names_give_method_dataset_task():
    assert parse_config_name('dann_lenet_2k_digits_uci2mnist5k') == (
        'dann', 'digits', 'uci2mnist5k')
    assert parse_config_name('source_only_resnet50_20k_office31_a2w') == (
        'source-only', 'office31', 'a2w')
    assert parse_config_name('shot_im_resnet50_15e_office_home_ar2cl') == (
        'shot-im', 'office_home', 'ar2cl')
    assert parse_config_name('erm_wrn40_2_100e_cifar10_c') == ('erm',
                                                               'cifar10', 'c')
    assert parse_config_name('rsc_resnet18_30e_pacs_art_painting') == (
        'rsc', 'pacs', 'art_painting')
    assert parse_config_name('my_experiment') is None


def _fake_run(folder, name, seed, value):
    stamp = folder / '20250101_000000'
    (stamp / 'vis_data').mkdir(parents=True)
    (folder / f'{name}.py').write_text(f'randomness = dict(seed={seed})\n')
    (stamp / 'vis_data' /
     'config.py').write_text(f'randomness = dict(seed={seed})\n')
    (stamp / 'vis_data' / 'scalars.json'
     ).write_text(json.dumps({
         'loss': 1.0,
         'iter': 1,
         'step': 1
     }) + '\n')
    if value is not None:
        (folder / 'target_test_metrics.json').write_text(
            json.dumps({'accuracy/top1': value}))


def test_missing_and_empty_work_dirs_say_what_a_run_is(tmp_path):
    with pytest.raises(NoRunsError, match='does not exist'):
        collect_runs([str(tmp_path / 'absent')])
    (tmp_path / 'logs').mkdir()
    with pytest.raises(
            NoRunsError, match='no runs found under .*config mmengine dumps'):
        collect_runs([str(tmp_path)])


def test_untested_and_badly_named_runs_are_skipped_with_reason(tmp_path):
    _fake_run(tmp_path / 'a', 'dann_lenet_2k_digits_u2m', 0, 55.0)
    _fake_run(tmp_path / 'b', 'dann_lenet_2k_digits_u2m', 1, None)
    _fake_run(tmp_path / 'c', 'experiment', 2, 10.0)
    runs, skipped = collect_runs([str(tmp_path)])
    assert [(r.method, r.task, r.seed, r.value)
            for r in runs] == [('dann', 'u2m', 0, 55.0)]
    assert 'tools/test.py' in skipped[str(tmp_path / 'b')]
    assert 'does not follow' in skipped[str(tmp_path / 'c')]


def test_same_seed_twice_is_an_error(tmp_path):
    _fake_run(tmp_path / 'a', 'dann_lenet_2k_digits_u2m', 0, 55.0)
    _fake_run(tmp_path / 'b', 'dann_lenet_2k_digits_u2m', 0, 56.0)
    with pytest.raises(ValueError, match='two runs of dann .* seed 0'):
        collect_runs([str(tmp_path)])
