# Copyright (c) mmda contributors. All rights reserved.
"""mmda plugins reused by mmpretrain's own tools/train.py (as its wheel
ships it), from a classic config in mmpretrain's scope."""
import os.path as osp
import sys

import mmpretrain
import torch
from tool_runs import run_tool

MMPRETRAIN_TRAIN = osp.join(
    osp.dirname(mmpretrain.__file__), '.mim', 'tools', 'train.py')

CLASSIC_CONFIG = """
default_scope = 'mmpretrain'
# mmda is reached only through custom_imports and the 'mmda.' prefix.
custom_imports = dict(
    imports=['mmda.models', 'mmda.datasets', 'mmda.engine'],
    allow_failed_imports=False)

data_preprocessor = dict(
    num_classes=10, mean=[127.5], std=[127.5], to_rgb=False)
model = dict(
    type='mmda.PluggedModel',
    model=dict(
        type='ImageClassifier',
        backbone=dict(type='ResNet', depth=18, in_channels=1),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(
            type='LinearClsHead',
            num_classes=10,
            in_channels=512,
            loss=dict(type='CrossEntropyLoss'))),
    plugins=[
        dict(path='backbone.layer1',
             layer=dict(type='mmda.CNSN', channels=64)),
        dict(path='backbone.layer2',
             layer=dict(type='mmda.CNSN', channels=128)),
        dict(path='backbone.layer3',
             layer=dict(type='mmda.CNSN', channels=256)),
        dict(path='backbone.layer4',
             layer=dict(type='mmda.CNSN', channels=512)),
        # RSC reads the stock model's gt_label; RSCSpatialChoiceHook sets
        # its choice of each iteration from the run's seed and iteration
        dict(path='backbone', layer=dict(type='mmda.RSC')),
    ])
train_dataloader = dict(
    batch_size=8,
    num_workers=0,
    persistent_workers=False,
    dataset=dict(
        type='mmda.UCIDigits',
        split='train',
        pipeline=[dict(type='Resize', scale=(32, 32)),
                  dict(type='PackInputs')]),
    sampler=dict(type='DefaultSampler', shuffle=True))
train_cfg = dict(type='IterBasedTrainLoop', max_iters=3)
optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.05, momentum=0.9))
custom_hooks = [
    dict(type='mmda.CrossNormActivationHook', cn_prob=1.0),
    dict(type='mmda.RSCSpatialChoiceHook')
]
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=1),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=3))
env_cfg = dict(dist_cfg=dict(backend='gloo'))
log_processor = dict(by_epoch=False)
randomness = dict(seed=0)
"""


def test_mmpretrain_train_py_trains_resnet_with_cnsn_and_rsc(tmp_path):
    assert osp.isfile(MMPRETRAIN_TRAIN)
    config = tmp_path / 'resnet18_cnsn_uci.py'
    config.write_text(CLASSIC_CONFIG)
    proc = run_tool([
        sys.executable, MMPRETRAIN_TRAIN,
        str(config), '--work-dir',
        str(tmp_path / 'work')
    ])
    log = proc.stdout + proc.stderr
    assert 'Iter(train) [3/3]' in log and 'cn_active: 1' in log
    ckpt = torch.load(
        tmp_path / 'work' / 'iter_3.pth',
        map_location='cpu',
        weights_only=False)
    keys = ckpt['state_dict']
    gates = [k for k in keys if k.endswith('sn.g.fc.weight')]
    assert gates == [
        f'mmda_plugins.backbone_layer{i}_after.sn.g.fc.weight'
        for i in range(1, 5)
    ]
    # The stock ResNet keeps its own parameter names.
    assert 'backbone.layer1.0.conv1.weight' in keys
