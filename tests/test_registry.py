# Copyright (c) mmda contributors. All rights reserved.
import subprocess
import sys

import mmengine.registry as mmengine_registry
import mmpretrain.registry as mmpretrain_registry
import pytest
from mmengine.config import Config
from mmengine.registry import DefaultScope
from tool_runs import REPO

import mmda.registry as mmda_registry
from mmda.datasets import UCIDigits
from mmda.models import GradientReverseLayer, LeNet
from mmda.utils import explain_build_error


def test_every_mmpretrain_registry_is_mirrored():
    for name in mmpretrain_registry.__all__:
        parent = getattr(mmpretrain_registry, name)
        child = getattr(mmda_registry, name)
        assert child.parent is parent, name
        assert child.scope == 'mmda'
        assert parent.children['mmda'] is child


def test_default_scope_mmda_builds_all_three_levels():
    with DefaultScope.overwrite_default_scope('mmda'):
        # mmda
        grl = mmengine_registry.MODELS.build(
            dict(type='GradientReverseLayer', coeff=0.5))
        # mmpretrain
        neck = mmda_registry.MODELS.build(dict(type='GlobalAveragePooling'))
        # mmengine
        hook = mmda_registry.HOOKS.build(dict(type='IterTimerHook'))
        loop_cls = mmda_registry.LOOPS.get('UDATrainLoop')
    assert isinstance(grl, GradientReverseLayer) and grl.coeff == 0.5
    assert type(neck).__module__.startswith('mmpretrain')
    assert type(hook).__module__.startswith('mmengine')
    assert loop_cls.__module__.startswith('mmda')


def test_mmda_prefix_from_mmpretrain_scope():
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        backbone = mmpretrain_registry.MODELS.build(
            dict(type='mmda.LeNet', channels=(4, 8)))
        with pytest.raises(KeyError):
            mmpretrain_registry.MODELS.build(dict(type='LeNet'))
    assert isinstance(backbone, LeNet)


def test_pure_python_config_with_class_types(tmp_path):
    cfg_file = tmp_path / 'pure.py'
    cfg_file.write_text('from mmda.datasets import UCIDigits\n'
                        'from mmda.models import LeNet\n'
                        'model = dict(type=LeNet, channels=(4, 8))\n'
                        'dataset = dict(type=UCIDigits, split="test")\n')
    cfg = Config.fromfile(str(cfg_file))
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        model = mmda_registry.MODELS.build(cfg.model)
        dataset = mmda_registry.DATASETS.build(cfg.dataset)
    assert isinstance(model, LeNet)
    assert isinstance(dataset, UCIDigits) and len(dataset) == 360


def test_unknown_type_message_lists_scopes():
    with DefaultScope.overwrite_default_scope('mmda'):
        with pytest.raises(KeyError) as info:
            mmda_registry.MODELS.build(dict(type='GradientReverseLayr'))
    message = explain_build_error(info.value, 'mmda')
    assert message is not None
    assert 'mmda::model -> mmpretrain::model -> mmengine::model' in message
    assert "'GradientReverseLayer'" in message
    assert explain_build_error(KeyError('unrelated')) is None


def test_readme_snippet_classic_mmpretrain_config():
    cfg = Config.fromstring(
        "default_scope = 'mmpretrain'\n"
        "custom_imports = dict(imports=['mmda.models'], "
        'allow_failed_imports=False)\n'
        "model = dict(type='ImageClassifier', "
        "backbone=dict(type='mmda.LeNet'), "
        "neck=dict(type='LinearNeck', in_channels=800, out_channels=500), "
        "head=dict(type='LinearClsHead', num_classes=10, in_channels=500))\n",
        file_format='.py')
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = mmpretrain_registry.MODELS.build(cfg.model)
    assert isinstance(model.backbone, LeNet)
    import torch
    assert model(torch.zeros(2, 1, 28, 28), mode='tensor').shape == (2, 10)


# A process that imports only mmda.registry, as mmpretrain's tools/train.py
# does with `default_scope='mmda'` (no register_all_modules()): each lookup
# must import mmda's and mmpretrain's modules by itself.
_LAZY_PROBE = r'''
import torch
from mmengine.registry import VISUALIZERS as ROOT_VISUALIZERS
from mmengine.registry import DefaultScope
import mmda.registry as r

param = torch.nn.Parameter(torch.zeros(1))
built = [
    r.VISUALIZERS.build(dict(type='UniversalVisualizer', name='own')),
    r.HOOKS.build(dict(type='PreciseBNHook', num_samples=8)),
    r.OPTIMIZERS.build(dict(type='LARS', params=[param], lr=0.1)),
    r.HOOKS.get('VisualizationHook'),
    r.LOOPS.get('UDATrainLoop'),
]
DefaultScope.get_instance('probe', scope_name='mmda')
built.append(
    ROOT_VISUALIZERS.build(dict(type='UniversalVisualizer', name='root')))
for obj in built:
    cls = obj if isinstance(obj, type) else type(obj)
    print(f'{cls.__module__}.{cls.__name__}')
'''


def test_lookups_import_mmda_and_mmpretrain_modules_lazily():
    proc = subprocess.run([sys.executable, '-c', _LAZY_PROBE],
                          cwd=REPO,
                          capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.split() == [
        'mmpretrain.visualization.visualizer.UniversalVisualizer',
        'mmpretrain.engine.hooks.precise_bn_hook.PreciseBNHook',
        'mmpretrain.engine.optimizers.lars.LARS',
        'mmpretrain.engine.hooks.visualization_hook.VisualizationHook',
        'mmda.engine.runner.uda_train_loop.UDATrainLoop',
        'mmpretrain.visualization.visualizer.UniversalVisualizer',
    ]
