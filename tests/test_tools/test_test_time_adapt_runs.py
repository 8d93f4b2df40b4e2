# Copyright (c) mmda contributors. All rights reserved.
"""tools/test.py with test-time adaptation, through the real Runner, on a
tiny corrupted digits set in make_corruptions.py's on-disk format."""
import json
import os.path as osp
import sys

import pytest
import torch
from mmengine.config import Config
from synthetic_data import make_cifar_c
from tool_runs import REPO, run_tool

from mmda.registry import MODELS
from mmda.utils import register_all_modules

CFGS = osp.join(REPO, 'configs/test_time_adapt')
TENT = osp.join(CFGS, 'tent_dtn_mnist5k_c.py')


@pytest.fixture(scope='module')
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp('tta')
    make_cifar_c(str(root / 'digits-c'), n=4)  # gaussian_noise and fog
    register_all_modules(init_default_scope=False)
    model = MODELS.build(
        Config.fromfile(osp.join(CFGS, 'erm_dtn_500i_mnist5k_32px.py')).model)
    ckpt = root / 'source.pth'
    torch.save({'meta': {}, 'state_dict': model.state_dict()}, ckpt)
    return root, ckpt


def _test_py(root, ckpt, name, config=TENT, *options):
    out = root / f'{name}.json'
    proc = run_tool([
        sys.executable, 'tools/test.py', config,
        str(ckpt), '--work-dir',
        str(root / name), '--out-metrics',
        str(out), '--cfg-options',
        f'test_dataloader.dataset.data_root={root / "digits-c"}',
        'test_dataloader.dataset.corruption=[gaussian_noise,fog]', *options
    ],
                    check=False)
    return proc, out


@pytest.mark.parametrize('config,options,protocol', [
    (TENT, ['test_dataloader.batch_size=2'
            ], 'method=TENT, reset=per_domain, episodic=False, batch_size=2'),
    (TENT, ['test_dataloader.batch_size=3', 'test_cfg.reset=continual'
            ], 'method=TENT, reset=continual, episodic=False, batch_size=3'),
    (osp.join(CFGS, 'sar_dtn_mnist5k_c.py'), ['test_dataloader.batch_size=4'],
     'method=SAR, reset=per_domain, episodic=False, batch_size=4'),
    (osp.join(CFGS, 'eata_dtn_mnist5k_c.py'), ['test_dataloader.batch_size=4'],
     'method=EATA, reset=per_domain, episodic=False, batch_size=4'),
    (osp.join(CFGS, 'cotta_dtn_mnist5k_c.py'), [
        'test_dataloader.batch_size=4', 'model.num_augmentations=2'
    ], 'method=CoTTA, reset=continual, episodic=False, batch_size=4'),
    (osp.join(CFGS, 'bn_dtn_mnist5k_c.py'), [
        'test_dataloader.batch_size=2', 'test_cfg.episodic=True'
    ], 'method=BN-1, reset=per_domain, episodic=True, batch_size=2'),
])
def test_adapts_and_names_the_protocol(tiny, config, options, protocol):
    root, ckpt = tiny
    name = osp.basename(config)[:4] + options[0][-1]
    proc, out = _test_py(root, ckpt, name, config, *options)
    assert proc.returncode == 0, proc.stderr[-3000:]
    log = proc.stdout + proc.stderr
    assert f'test-time adaptation: {protocol}' in log
    # EATA's source data were used before the test
    assert ('Fisher importance of 6 parameters from 2000 source samples'
            in log) == ('EATA' in protocol)
    metrics = json.loads(out.read_text())
    assert set(metrics) >= {
        'corruption/mCE', 'corruption/error/gaussian_noise',
        'corruption/error/fog', 'collapse/domains', 'collapse/max_share'
    }
    # the protocol travels with the numbers
    settings = metrics['test_time_adaptation']
    method, reset, episodic, batch = (
        p.split('=')[1] for p in protocol.split(', '))
    assert (settings['method'], settings['reset'], str(settings['episodic']),
            str(settings['batch_size'])) == (method, reset, episodic, batch)
    assert isinstance(settings['adapted_parameters'], list)


def test_a_batch_across_two_corruptions_names_the_batch_size(tiny):
    root, ckpt = tiny
    proc, _ = _test_py(root, ckpt, 'mixed', TENT,
                       'test_dataloader.batch_size=3')
    assert proc.returncode != 0
    assert 'test_dataloader.batch_size' in proc.stderr, proc.stderr[-2000:]


def test_a_source_checkpoint_of_another_class_count_is_refused(tiny):
    root, _ = tiny
    cfg = Config.fromfile(osp.join(CFGS, 'erm_dtn_500i_mnist5k_32px.py'))
    cfg.model.head.num_classes = 5
    ckpt = root / 'five.pth'
    torch.save({
        'meta': {},
        'state_dict': MODELS.build(cfg.model).state_dict()
    }, ckpt)
    proc, _ = _test_py(root, ckpt, 'five', TENT,
                       'test_dataloader.batch_size=2')
    assert proc.returncode != 0
    assert 'head.fc.weight' in proc.stderr and '(5, 256)' in proc.stderr, \
        proc.stderr[-2000:]
