# Copyright (c) mmda contributors. All rights reserved.
import json
import math

import pytest

from mmda.analysis.hparam_sweep import (SweepPoint, format_table, load_points,
                                        parameter_grid, read_validations,
                                        run_name, selection_table, spearman)

T = 'oracle_target_test/accuracy/top1'
S = 'source/accuracy/top1'


def point(run, seed, lr, step, target, source, ent, snd):
    return SweepPoint(
        run, seed, (('lr', lr), ), step, {
            T: target,
            S: source,
            'target_unlabeled/entropy': ent,
            'target_unlabeled/snd': snd
        })


POINTS = [
    # seed 0: two runs, two validations each
    point('a0', 0, 0.01, 100, 60.0, 90.0, 1.0, 5.0),
    point('a0', 0, 0.01, 200, 70.0, 95.0, 0.5, 4.0),
    point('b0', 0, 0.03, 100, 80.0, 85.0, 0.8, 6.0),
    point('b0', 0, 0.03, 200, 50.0, 99.0, 0.2, 7.0),
    # seed 1
    point('a1', 1, 0.01, 100, 65.0, 91.0, 0.9, 5.5),
    point('a1', 1, 0.01, 200, 75.0, 96.0, 0.4, 4.5),
    point('b1', 1, 0.03, 100, 85.0, 80.0, 0.7, 6.5),
    point('b1', 1, 0.03, 200, 55.0, 98.0, 0.1, 3.0),
]


def test_grid_and_names():
    grid = parameter_grid({
        'optim_wrapper.optimizer.lr': [0.01, 0.03],
        'model.beta': [0, 0.3]
    })
    assert grid[1] == {'optim_wrapper.optimizer.lr': 0.01, 'model.beta': 0.3}
    assert len(grid) == 4
    assert run_name(grid[1], 2) == 'lr0.01_beta0.3_seed2'


def test_picks_by_hand():
    rows = selection_table(
        POINTS, {
            'target_unlabeled/entropy': 'less',
            'target_unlabeled/snd': 'greater'
        },
        T,
        S,
        default_params={'lr': 0.01})
    by = {r['selector']: r for r in rows}
    # entropy picks the lowest: b0@200 (50) and b1@200 (55)
    assert by['target_unlabeled/entropy']['picked_per_seed'] == [50.0, 55.0]
    # SND picks the highest: b0@200 (50), b1@100 (85)
    assert by['target_unlabeled/snd']['picked'] == pytest.approx(67.5)
    # source val picks b0@200 (99 -> 50), b1@200 (98 -> 55)
    assert by[f'{S} (source val.)']['picked_per_seed'] == [50.0, 55.0]
    last = by['last checkpoint, default hyper-parameters']
    assert last['picked_per_seed'] == [70.0, 75.0]
    oracle = by[f'{T} (oracle, reference only)']
    assert oracle['picked_per_seed'] == [80.0, 85.0]
    assert math.isnan(oracle['spearman'])
    table = format_table('t', rows)
    assert '| target_unlabeled/snd |' in table and '67.50 (50.00, 85.00)' \
        in table


def test_spearman_sign_follows_the_rule():
    # entropy ordered exactly opposite to accuracy: rho = +1 once signed
    pts = [
        point('r', 0, 0.01, s, acc, 0, ent, 0)
        for s, (acc, ent) in enumerate([(10, 3.0), (20, 2.0), (30, 1.0)])
    ]
    assert spearman(pts, 'target_unlabeled/entropy', 'less', T) == \
        pytest.approx(1.0)
    assert spearman(pts, 'target_unlabeled/entropy', 'greater', T) == \
        pytest.approx(-1.0)
    assert math.isnan(spearman(pts, S, 'greater', T))  # constant source


def test_default_must_be_in_the_grid():
    with pytest.raises(ValueError, match='default parameters'):
        selection_table(POINTS, {}, T, S, default_params={'lr': 0.1})


def test_read_validations_from_scalars(tmp_path):
    run = tmp_path / 'lr0.01_seed0'
    log = run / '20260101_000000' / 'vis_data'
    log.mkdir(parents=True)
    lines = [
        dict(lr=0.01, loss=1.0, iter=100, step=100), {
            S: 90.0,
            T: 60.0,
            'time': 0.1,
            'step': 100
        },
        dict(lr=0.01, loss=0.5, iter=200, step=200), {
            S: 95.0,
            T: 70.0,
            'time': 0.1,
            'step': 200
        }
    ]
    (log / 'scalars.json').write_text('\n'.join(json.dumps(r) for r in lines))
    assert [r['step'] for r in read_validations(str(log / 'scalars.json'))
            ] == [100, 200]
    pts = load_points(str(run), 0, {'lr': 0.01})
    assert [(p.step, p.scores[T]) for p in pts] == [(100, 60.0), (200, 70.0)]
    assert pts[0].params == (('lr', 0.01), )
    # logged by epoch: every validation at step 0, refused
    lines[3]['step'] = 100
    (log / 'scalars.json').write_text('\n'.join(json.dumps(r) for r in lines))
    with pytest.raises(ValueError, match='log_metric_by_epoch=False'):
        read_validations(str(log / 'scalars.json'))
