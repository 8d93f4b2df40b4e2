# Copyright (c) mmda contributors. All rights reserved.
"""The side-by-side runners refuse a folder that is not the expected
official checkout, naming the file they looked for (no peer code needed)."""
import os.path as osp

import pytest

from benchmarks.peers import shot_digit
from benchmarks.peers.peer_checkout import check_peer_checkout


def test_wrong_folder_names_the_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError) as info:
        shot_digit.main([str(tmp_path), '--task', 'uci2mnist5k'])
    message = str(info.value)
    assert osp.join(str(tmp_path), 'digit', 'uda_digit.py') in message
    assert 'tim-learn/SHOT' in message


def test_missing_folder_and_partial_checkout(tmp_path):
    with pytest.raises(FileNotFoundError, match='is not a folder'):
        check_peer_checkout(str(tmp_path / 'nope'), 'a/b', ['x.py'])
    (tmp_path / 'x.py').write_text('')
    with pytest.raises(FileNotFoundError, match=r'looked for .*y\.py'):
        check_peer_checkout(str(tmp_path), 'a/b', ['x.py', 'y.py'])
    assert check_peer_checkout(str(tmp_path), 'a/b', ['x.py']) == str(tmp_path)


@pytest.mark.parametrize('runner,task,script', [
    ('tllib_dann_digits', 'mnist5k2uci', 'dann.py'),
    ('tllib_erm_digits', 'uci2mnist5k', 'erm.py'),
    ('tllib_cdan_digits', 'uci2mnist5k', 'cdan.py'),
    ('tllib_mcc_digits', 'uci2mnist5k', 'mcc.py'),
    ('tllib_dan_digits', 'uci2mnist5k', 'dan.py'),
    ('tllib_jan_digits', 'mnist5k2uci', 'jan.py'),
    ('tllib_mdd_digits', 'uci2mnist5k', 'mdd.py'),
])
def test_tllib_runner_names_the_missing_file(tmp_path, runner, task, script):
    import importlib
    module = importlib.import_module(f'benchmarks.peers.{runner}')
    with pytest.raises(FileNotFoundError) as info:
        module.main([str(tmp_path), '--task', task])
    assert osp.join(
        str(tmp_path), 'examples/domain_adaptation/image_classification',
        script) in str(info.value)
    assert 'thuml/Transfer-Learning-Library' in str(info.value)


@pytest.mark.parametrize('config,method', [
    ('configs/dann/dann_lenet_2k_digits-uci2mnist5k.py', None),
    ('configs/source_only/erm_lenet_2k_digits_uci2mnist5k.py', 'erm'),
    ('configs/cdan/cdan_lenet_2k_digits_uci2mnist5k.py', 'cdan'),
    ('configs/cdan/cdan_e_lenet_2k_digits_uci2mnist5k.py', 'cdan_e'),
    ('configs/dan/dan_lenet_2k_digits_uci2mnist5k.py', 'dan'),
    ('configs/jan/jan_lenet_2k_digits_uci2mnist5k.py', 'jan'),
    ('configs/mdd/mdd_lenet_2k_digits_uci2mnist5k.py', 'mdd'),
])
def test_side_by_side_table_pairs_seeds(tmp_path, config, method):
    import json

    from benchmarks.peers import side_by_side_table
    (tmp_path / 'm.json').write_text(
        json.dumps({config: dict(seeds=[0, 1], scores=[70.0, 72.0])}))
    peer = tmp_path / 'p' / 'result.json'
    peer.parent.mkdir()
    result = dict(
        peer='thuml/Transfer-Learning-Library',
        task='uci2mnist5k',
        seed=0,
        target_test_acc=75.0)
    if method is not None:
        result['method'] = method
    peer.write_text(json.dumps(result))
    table = side_by_side_table.main([
        '--mmda',
        str(tmp_path / '*.json'), '--peer',
        str(tmp_path / '**' / 'result.json')
    ])
    row = table.splitlines()[-1]
    assert row.startswith(f'| {method or "dann"} | uci2mnist5k | 71.00 ± 1.41')
    assert '75.00 ± - (seeds 0: 75.00)' in row and row.endswith('-4.00 |')


def test_afn_runner_names_the_missing_file(tmp_path):
    from benchmarks.peers import afn_digits
    with pytest.raises(FileNotFoundError) as info:
        afn_digits.main([str(tmp_path), '--task', 'uci2mnist5k'])
    message = str(info.value)
    assert osp.join(str(tmp_path), 'vanilla/Office31/SAFN/code',
                    'train.py') in message
    assert 'jihanyang/AFN' in message


def test_side_by_side_table_uses_the_result_method(tmp_path):
    import json

    from benchmarks.peers import side_by_side_table
    (tmp_path / 'm.json').write_text(
        json.dumps({
            'configs/afn/safn_lenet_2k_digits_mnist5k2uci.py':
            dict(seeds=[0], scores=[80.0]),
            'configs/dann/dann_lenet_2k_digits_mnist5k2uci.py':
            dict(seeds=[0], scores=[70.0])
        }))
    tllib = 'thuml/Transfer-Learning-Library'
    results = [
        dict(peer=tllib, method='safn', seed=0, target_test_acc=78.0),
        # no method key: PEER_METHOD's 'dann'
        dict(peer=tllib, seed=0, target_test_acc=71.0),
        dict(peer='jihanyang/AFN', seed=1, target_test_acc=76.0),
    ]
    for i, res in enumerate(results):
        path = tmp_path / str(i) / 'result.json'
        path.parent.mkdir()
        path.write_text(json.dumps(dict(res, task='mnist5k2uci')))
    table = side_by_side_table.main([
        '--mmda',
        str(tmp_path / '*.json'), '--peer',
        str(tmp_path / '**' / 'result.json')
    ])
    rows = {row.split(' | ')[0][2:]: row for row in table.splitlines()[2:]}
    assert sorted(rows) == ['dann', 'safn']
    assert '71.00 ± - (seeds 0: 71.00)' in rows['dann']
    assert rows['dann'].endswith('-1.00 |')
    assert '77.00 ± 1.41 (seeds 0,1: 78.00 / 76.00)' in rows['safn']
    assert rows['safn'].endswith('+3.00 |')


def test_dg_digits_runner_names_the_missing_file(tmp_path):
    from benchmarks.peers import dg_digits
    rsc = ('Domain_Generalization/train.py', 'DeLightCMU/RSC')
    cnsn = ('cifar.py', 'amazon-research/crossnorm-selfnorm')
    cases = [(['--method', 'rsc'], *rsc),
             (['--method', 'erm', '--loop', 'rsc'], *rsc),
             (['--method', 'cnsn'], *cnsn),
             (['--method', 'erm', '--loop', 'cnsn'], *cnsn)]
    for argv, missing, repo in cases:
        with pytest.raises(FileNotFoundError) as info:
            dg_digits.main([str(tmp_path)] + argv)
        assert osp.join(str(tmp_path), missing) in str(info.value)
        assert repo in str(info.value)


def test_dg_digits_runner_needs_a_loop_for_erm(tmp_path):
    from benchmarks.peers import dg_digits
    with pytest.raises(SystemExit):
        dg_digits.parse_args([str(tmp_path), '--method', 'erm'])
    with pytest.raises(SystemExit):
        dg_digits.parse_args(
            [str(tmp_path), '--method', 'rsc', '--loop', 'cnsn'])
    assert dg_digits.parse_args([str(tmp_path), '--method',
                                 'cnsn']).loop == 'cnsn'


def test_side_by_side_table_pairs_the_dg_configs(tmp_path):
    import json

    from benchmarks.peers import side_by_side_table
    (tmp_path / 'dg.json').write_text(
        json.dumps({
            'configs/rsc/rsc_lenet_500i_digits_mnist5k.py':
            dict(seeds=[0], scores=[55.0]),
            'configs/rsc/rsc_lenet_500i_digits_uci.py':
            dict(seeds=[0], scores=[99.0]),
        }))
    peer = tmp_path / 'p' / 'result.json'
    peer.parent.mkdir()
    peer.write_text(
        json.dumps(
            dict(
                peer='DeLightCMU/RSC',
                method='rsc',
                task='uci2mnist5k_dg',
                seed=0,
                target_test_acc=50.0)))
    table = side_by_side_table.main([
        '--mmda',
        str(tmp_path / '*.json'), '--peer',
        str(tmp_path / '**' / 'result.json')
    ])
    rows = table.splitlines()[2:]
    # the other DG direction (tested on uci) is not the peer's task
    assert len(rows) == 1
    assert rows[0].startswith('| rsc | uci2mnist5k_dg | 55.00 ± -')
    assert rows[0].endswith('+5.00 |')


def test_tent_runner_names_the_missing_file(tmp_path):
    from benchmarks.peers import tent_digits
    with pytest.raises(FileNotFoundError) as info:
        tent_digits.main([
            str(tmp_path), '--config', 'c.py', '--checkpoint', 'c.pth',
            '--data-root', 'd'
        ])
    assert osp.join(str(tmp_path), 'tent.py') in str(info.value)
    assert 'DequanWang/tent' in str(info.value)


def test_tent_table_pairs_sides_and_seeds(tmp_path):
    import json

    from benchmarks.peers import tent_digits_table
    for seed, (a, b) in enumerate([(10., 12.), (14., 12.)]):
        (tmp_path / f'mmda_tent_continual_bs50_{seed}.json').write_text(
            json.dumps({
                'corruption/error/fog': a,
                'corruption/error/snow': 2 * a,
                'corruption/error/severity_5': 0.,
                'corruption/mCE': 1.5 * a
            }))
        (tmp_path / f'peer_tent_continual_bs50_{seed}.json').write_text(
            json.dumps(dict(errors={
                'fog-5': b,
                'snow-5': 2 * b
            })))
    text = tent_digits_table.main([str(tmp_path)])
    assert 'tent, reset=continual, batch size 50, seeds 0,1:' in text
    assert '| fog | 12.00 ± 2.83 | 12.00 ± 0.00 | +0.00 | 2.00 |' in text
    assert '| **mean** | 18.00 ± 4.24 | 18.00 ± 0.00 | +0.00 | 3.00 |' in text
    assert 'severity_5' not in text


def test_tta_library_runner_names_the_missing_eata_file(tmp_path):
    from benchmarks.peers import tta_library_digits
    (tmp_path / 'classification/methods').mkdir(parents=True)
    (tmp_path / 'classification/methods/base.py').write_text('')
    with pytest.raises(FileNotFoundError, match=r'methods/eata\.py'):
        tta_library_digits.import_method(str(tmp_path), 'eata')


def test_tta_library_eata_settings_and_source_loader():
    import torch
    from mmengine.dataset import pseudo_collate
    from mmpretrain.structures import DataSample
    from torch.utils.data import DataLoader

    from benchmarks.peers import tta_library_digits as t
    cfg = t.library_cfg('eata', **{'EATA.D_MARGIN': 0.05})
    # cfgs/cifar10_c/eata.yaml, then the override; CFG itself unchanged
    assert (cfg.EATA.D_MARGIN, cfg.EATA.FISHER_ALPHA, cfg.SOURCE.NUM_SAMPLES,
            cfg.TEST.BATCH_SIZE) == (0.05, 1.0, 2000, 200)
    assert (t.CFG.EATA.D_MARGIN, t.CFG.SOURCE.NUM_SAMPLES) == (0.05, -1)
    loader_cfg, num_samples = t.fisher_source(
        osp.join(
            osp.dirname(osp.dirname(osp.dirname(__file__))),
            'configs/test_time_adapt/eata_dtn_mnist5k_c.py'))
    assert (loader_cfg['batch_size'], num_samples) == (200, 2000)
    samples = [
        dict(
            inputs=torch.full((3, 2, 2), i, dtype=torch.uint8),
            data_samples=DataSample().set_gt_label(i)) for i in range(5)
    ]
    t.use_source_loader(
        DataLoader(samples, batch_size=2, collate_fn=pseudo_collate), 3)
    _, batches = t._get_source_loader(batch_size=2, num_samples=3)
    assert [b[1].tolist() for b in batches] == [[0, 1], [2]]
    assert batches[1][0].dtype == torch.float32
    assert batches[1][0].shape == (1, 3, 2, 2)
    with pytest.raises(ValueError, match='TEST.BATCH_SIZE'):
        t._get_source_loader(batch_size=4, num_samples=3)
    with pytest.raises(ValueError, match='SOURCE.NUM_SAMPLES'):
        t._get_source_loader(batch_size=2, num_samples=4)


def test_tta_library_cotta_settings_and_unit_range_inputs():
    import torch
    from torch import nn

    from benchmarks.peers import tta_library_digits as t
    cfg = t.library_cfg('cotta')
    # conf.py and cfgs/cifar10_c/cotta.yaml
    assert (cfg.M_TEACHER.MOMENTUM, cfg.COTTA.RST, cfg.COTTA.AP,
            cfg.TEST.N_AUGMENTATIONS, cfg.TEST.BATCH_SIZE, cfg.OPTIM.METHOD,
            cfg.OPTIM.LR) == (0.999, 0.01, 0.92, 32, 200, 'Adam', 1e-3)

    class Seen(nn.Module):

        def __init__(self):
            super().__init__()
            self.inputs, self.resets = [], 0

        def forward(self, x):
            self.inputs.append(x)
            return x

        def reset(self):
            self.resets += 1

    seen = Seen()
    wrapped = t.UnitRangeInputs(seen)
    x = torch.arange(256.).view(1, 1, 16, 16)
    wrapped(x)
    wrapped.reset()
    assert torch.equal(seen.inputs[0], x / 255) and seen.resets == 1
    # the model side multiplies back, exactly for 0..255
    assert torch.equal(seen.inputs[0] * 255, x)


def test_tta_library_runner_names_the_missing_cotta_file(tmp_path):
    from benchmarks.peers import tta_library_digits
    (tmp_path / 'classification/methods').mkdir(parents=True)
    (tmp_path / 'classification/methods/base.py').write_text('')
    with pytest.raises(FileNotFoundError, match=r'methods/cotta\.py'):
        tta_library_digits.import_method(str(tmp_path), 'cotta')
