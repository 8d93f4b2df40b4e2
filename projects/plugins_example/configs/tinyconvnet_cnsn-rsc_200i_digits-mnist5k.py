# A classic config in mmpretrain's scope: the project's own backbone, with
# mmda's CNSN after each stage and RSC on the backbone output, inserted by
# mmda.PluggedModel. Train on UCI digits, test on the unseen MNIST-5k.
default_scope = 'mmpretrain'
custom_imports = dict(
    imports=[
        'projects.plugins_example.tiny_convnet', 'mmda.models',
        'mmda.datasets', 'mmda.engine'
    ],
    allow_failed_imports=False)

widths = (16, 32)
model = dict(
    type='mmda.PluggedModel',
    model=dict(
        type='ImageClassifier',
        data_preprocessor=dict(mean=[127.5], std=[127.5], to_rgb=False),
        backbone=dict(type='TinyConvNet', in_channels=1, widths=widths),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(
            type='LinearClsHead',
            num_classes=10,
            in_channels=widths[-1],
            loss=dict(type='CrossEntropyLoss'))),
    plugins=[
        dict(
            path='backbone.stage1', layer=dict(type='mmda.CNSN', channels=16)),
        dict(
            path='backbone.stage2', layer=dict(type='mmda.CNSN', channels=32)),
        dict(
            path='backbone',
            layer=dict(type='mmda.RSC', head=['neck', 'head'])),
    ])

pipeline = [dict(type='Resize', scale=(28, 28)), dict(type='PackInputs')]
train_dataloader = dict(
    batch_size=32,
    num_workers=0,
    persistent_workers=False,
    dataset=dict(type='mmda.UCIDigits', split='train', pipeline=pipeline),
    sampler=dict(type='InfiniteSampler', shuffle=True))
test_dataloader = dict(
    batch_size=64,
    num_workers=0,
    persistent_workers=False,
    dataset=dict(type='mmda.MNIST5k', split='test', pipeline=pipeline),
    sampler=dict(type='DefaultSampler', shuffle=False))
test_evaluator = dict(type='Accuracy', topk=(1, ))
test_cfg = dict()

train_cfg = dict(type='IterBasedTrainLoop', max_iters=200)
optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.01, momentum=0.9))
custom_hooks = [
    dict(type='mmda.CrossNormActivationHook', cn_prob=0.5, active_num=1),
    dict(
        type='mmda.RSCBatchPercentHook',
        start=0.3,
        step=0.2,
        interval=100,
        by_epoch=False),
]
default_hooks = dict(
    logger=dict(type='LoggerHook', interval=50),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=200))
env_cfg = dict(dist_cfg=dict(backend='gloo'))
log_processor = dict(by_epoch=False)
randomness = dict(seed=0)
