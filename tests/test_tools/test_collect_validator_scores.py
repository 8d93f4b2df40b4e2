# Copyright (c) mmda contributors. All rights reserved.
import importlib.util
import json
import os.path as osp

from tool_runs import REPO


def _collect_results():
    path = osp.join(REPO, 'tools', 'analysis_tools', 'collect_results.py')
    spec = importlib.util.spec_from_file_location('_collect_results', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(folder, seed, test, validations):
    stamp = folder / '20250101_000000'
    (stamp / 'vis_data').mkdir(parents=True)
    name = 'dann_lenet_2k_digits_uci2mnist5k'
    (folder / f'{name}.py').write_text(f'randomness = dict(seed={seed})\n')
    (stamp / 'vis_data' /
     'config.py').write_text(f'randomness = dict(seed={seed})\n')
    lines = []
    for step, scores in validations:
        lines.append({'lr': 0.01, 'loss': 1.0, 'iter': step, 'step': step})
        lines.append(dict(scores, step=step))
    (stamp / 'vis_data' /
     'scalars.json').write_text('\n'.join(json.dumps(r) for r in lines) + '\n')
    (folder / 'target_test_metrics.json').write_text(
        json.dumps({'accuracy/top1': test}))


def test_validator_scores_listed_next_to_test_accuracy(tmp_path, capsys):
    _run(tmp_path / 'a', 0, 70.0, [(500, {
        'source/accuracy/top1': 90.0,
        'target_unlabeled/snd': 6.5
    }), (1000, {
        'source/accuracy/top1': 95.0,
        'target_unlabeled/snd': 6.1
    })])
    _run(tmp_path / 'b', 1, 72.5, [(1000, {'source/accuracy/top1': 94.0})])
    table = _collect_results().main([
        str(tmp_path), '--val-metrics', 'source/accuracy/top1',
        'target_unlabeled/snd'
    ])
    expected = ('| method | task | seed | test accuracy/top1 | '
                'source/accuracy/top1 | target_unlabeled/snd |')
    assert expected in table
    # the last validation's values; '-' where a run did not log the key
    assert '| dann | digits-uci2mnist5k | 0 | 70.00 | 95.00 | 6.10 |' in table
    assert '| dann | digits-uci2mnist5k | 1 | 72.50 | 94.00 | - |' in table
    assert '| 6.10 |' in capsys.readouterr().out
