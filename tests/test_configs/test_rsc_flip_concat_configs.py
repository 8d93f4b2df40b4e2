# Copyright (c) mmda contributors. All rights reserved.
"""RSC's official flip-concat batch (``DGDataPreprocessor.flip_concat``):
on in the PACS / VLCS / Office-Home RSC configs, off on the digits, switched
from the command line, and refused where it cannot work."""
import glob
import os.path as osp
import sys

import pytest
from mmengine.config import Config
from tool_runs import REPO, TINY_OPTIONS, run_tool

from mmda.models import DGDataPreprocessor
from mmda.registry import MODELS

RSC_CONFIGS = sorted(glob.glob(osp.join(REPO, 'configs/rsc/rsc_*.py')))
DIGITS_RSC = osp.join(REPO, 'configs/rsc/rsc_lenet_500i_digits_mnist5k.py')
DIGITS_UDA = osp.join(REPO, 'configs/dann/dann_lenet_2k_digits_uci2mnist5k.py')
KEY = 'model.model.data_preprocessor.flip_concat'


@pytest.mark.parametrize('config', RSC_CONFIGS, ids=osp.basename)
def test_rsc_configs_follow_the_official_batch_except_on_digits(config):
    pre = Config.fromfile(config).model.model.data_preprocessor
    assert pre.type is DGDataPreprocessor
    # a flipped digit is another glyph: off on the embedded digits
    assert pre.flip_concat is ('_digits_' not in osp.basename(config))


def _build(config, **options):
    cfg = Config.fromfile(config)
    cfg.merge_from_dict(options)
    return MODELS.build(cfg.model)


def test_override_switches_it_on_the_digits():
    model = _build(DIGITS_RSC, **{KEY: True})
    assert isinstance(model.data_preprocessor, DGDataPreprocessor)
    assert model.data_preprocessor.flip_concat


def test_override_at_the_wrapper_is_refused_not_ignored():
    with pytest.raises(ValueError, match='model.model.data_preprocessor'):
        _build(DIGITS_RSC, **{'model.data_preprocessor.flip_concat': True})


def test_uda_model_refuses_the_option():
    with pytest.raises(TypeError, match='flip_concat'):
        _build(DIGITS_UDA, **{'model.data_preprocessor.flip_concat': True})


def test_train_py_runs_rsc_on_the_doubled_batch(tmp_path):
    tests = osp.dirname(osp.dirname(osp.abspath(__file__)))
    # tools/train.py as __main__, with the probe hook registered first
    # (custom_imports given by --cfg-options come too late to be imported)
    run_train = ('import runpy, sys, forward_batch_probe; '
                 "sys.argv[0] = 'tools/train.py'; "
                 "runpy.run_path('tools/train.py', run_name='__main__')")
    options = [
        *TINY_OPTIONS,
        'train_cfg.max_iters=2',
        'train_cfg.val_interval=2',
        'param_scheduler.0.end=2',
        f'{KEY}=True',
        # the Runner registers every entry of default_hooks
        'default_hooks.forward_batch.type=ForwardBatchProbeHook'
    ]
    proc = run_tool([
        sys.executable, '-c', run_train, DIGITS_RSC, '--work-dir',
        str(tmp_path), '--cfg-options', *options
    ],
                    env={'PYTHONPATH': REPO + osp.pathsep + tests})
    log = proc.stdout + proc.stderr
    assert 'Iter(train) [2/2]' in log
    # the loader's 8 images and their 8 mirror images
    assert 'forward_batch: 16' in log
