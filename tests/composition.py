# Copyright (c) mmda contributors. All rights reserved.
"""Compose any plug-in with any method's digits config, and run it small:
the generator of the composition matrix and of the exact-resume tests."""
import os.path as osp
import uuid

import torch
from mmengine.config import Config
from mmengine.runner import Runner
from tool_runs import REPO

from mmda.utils import trusted_local_checkpoints

#: Each method's LeNet config on the embedded digits (UCI is the source).
METHODS = {
    'source_only':
    'configs/source_only/source_only_lenet_2k_digits_uci2mnist5k.py',
    'dann': 'configs/dann/dann_lenet_2k_digits_uci2mnist5k.py',
    'cdan': 'configs/cdan/cdan_lenet_2k_digits_uci2mnist5k.py',
    'cdan_e': 'configs/cdan/cdan_e_lenet_2k_digits_uci2mnist5k.py',
    'mcc': 'configs/mcc/mcc_lenet_2k_digits_uci2mnist5k.py',
    'dan': 'configs/dan/dan_lenet_2k_digits_uci2mnist5k.py',
    'jan': 'configs/jan/jan_lenet_2k_digits_uci2mnist5k.py',
    'mdd': 'configs/mdd/mdd_lenet_2k_digits_uci2mnist5k.py',
    'hafn': 'configs/afn/hafn_lenet_2k_digits_uci2mnist5k.py',
    'safn': 'configs/afn/safn_lenet_2k_digits_uci2mnist5k.py',
    'shot_source': 'configs/shot/shot_source_lenet_2k_digits_uci.py',
    'shot_target': 'configs/shot/shot_lenet_30e_digits_uci2mnist5k.py',
    'erm': 'configs/erm/erm_lenet_500i_digits_mnist5k.py',
    # DomainBed's protocol: multi-source batches, DG losses over domains
    'coral': 'configs/coral/coral_mnistcnn_5k_rotated_mnist_75.py',
    'irm': 'configs/irm/irm_mnistcnn_5k_rotated_mnist_75.py',
    'groupdro': 'configs/groupdro/groupdro_mnistcnn_5k_rotated_mnist_75.py',
    'mixup': 'configs/mixup/mixup_mnistcnn_5k_rotated_mnist_75.py',
}
#: The other DG-loss configs, trained alone (not with every plug-in: CORAL
#: and IRM stand for the feature-group and the logit-group losses there).
DG_ALONE = {
    'erm_domainbed': 'configs/erm/erm_mnistcnn_5k_rotated_mnist_75.py',
    'mmd': 'configs/mmd/mmd_mnistcnn_5k_rotated_mnist_75.py',
    'vrex': 'configs/vrex/vrex_mnistcnn_5k_colored_mnist_minus90.py',
    # the generated leaves that wrap MNIST_CNN in PluggedModel
    'mixstyle_domainbed':
    'configs/mixstyle/mixstyle_mnistcnn_5k_rotated_mnist_75.py',
    'dsu_domainbed': 'configs/dsu/dsu_mnistcnn_5k_colored_mnist_plus80.py',
}
#: Configs composed only by their own tests (SWAD needs validation, which
#: the composed runs turn off).
OWN_TESTS = {'swad': 'configs/swad/swad_mnistcnn_5k_rotated_mnist_75.py'}
#: Samples of each domain per batch in the multi-source configs (CORAL's
#: covariances need two).
PER_DOMAIN = 2

# LeNet's conv -> pool -> ReLU blocks end at features.2 (20 channels) and
# features.6 (50 channels); DomainBed's MNIST_CNN's first two conv -> ReLU ->
# GroupNorm blocks at features.2 (64) and features.5 (128).
_BLOCKS = ((2, 20), (6, 50))
MNIST_CNN_BLOCKS = ((2, 64), (5, 128))
_SWITCH = [
    dict(type='mmda.CrossNormActivationHook', cn_prob=1.0, active_num=1)
]


def _after_blocks(layer, blocks=_BLOCKS):
    return [
        dict(path=f'backbone.features.{i}', layer=layer(c)) for i, c in blocks
    ]


#: plug-in name -> (plugins of PluggedModel, hooks they need)
PLUGINS = {
    'crossnorm':
    (_after_blocks(lambda c: dict(type='mmda.CrossNorm')), _SWITCH),
    'selfnorm':
    (_after_blocks(lambda c: dict(type='mmda.SelfNorm', channels=c)), []),
    'cnsn':
    (_after_blocks(lambda c: dict(type='mmda.CNSN', channels=c)), _SWITCH),
    'rsc':
    ([dict(path='backbone', layer=dict(type='mmda.RSC', batch_percent=0.5))],
     [dict(type='mmda.RSCSpatialChoiceHook')]),
    # p=1: the layers act at every iteration of these short runs
    'mixstyle': (_after_blocks(lambda c: dict(type='mmda.MixStyle', p=1.0)),
                 []),
    'dsu': (_after_blocks(lambda c: dict(type='mmda.DSU', p=1.0)), []),
}
#: The methods every plug-in of :data:`SLOW_PLUGINS` runs with by default
#: (one of each kind: adversarial UDA, source-free, a feature-group DG loss,
#: a batch-level DG step); the other pairs are marked slow.
FAST_METHODS_OF_SLOW_PLUGINS = ('dann', 'shot_target', 'coral', 'mixup')
SLOW_PLUGINS = ('mixstyle', 'dsu')

#: SHOT's target stage: 8 target samples in batches of 4, 2 epochs of 2.
SHOT_TARGET = 8
BATCH = 4


def _type_name(t) -> str:
    """A config's ``type``, a class or a (dotted) name, as a bare name."""
    return getattr(t, '__name__', str(t)).rsplit('.', 1)[-1]


def compose(method, plugin, work_dir, iters=3, **options):
    """The config of ``method`` with ``plugin`` inserted, made small:
    ``iters`` iterations (SHOT's target stage: ``iters // 2`` epochs),
    a checkpoint after each, no validation."""
    cfg = Config.fromfile(
        osp.join(REPO, {
            **METHODS,
            **DG_ALONE,
            **OWN_TESTS
        }[method]))
    multi_source = _type_name(
        cfg.train_dataloader.sampler.type) == 'DomainStratifiedSampler'
    if multi_source:
        domains = cfg.train_dataloader.batch_size // (
            cfg.train_dataloader.sampler.per_domain)
    if plugin is not None:
        plugins, hooks = PLUGINS[plugin]
        if multi_source and plugin != 'rsc':
            # the same layers, at MNIST_CNN's blocks
            plugins = [
                dict(
                    p,
                    path=f'backbone.features.{i}',
                    layer=dict(
                        p['layer'],
                        **({
                            'channels': c
                        } if 'channels' in p['layer'] else {})))
                for p, (i, c) in zip(plugins, MNIST_CNN_BLOCKS)
            ]
        cfg.model = dict(
            type='mmda.PluggedModel', model=cfg.model, plugins=plugins)
        cfg.custom_hooks = list(cfg.custom_hooks) + list(hooks)
    cfg.merge_from_dict({
        'work_dir': str(work_dir),
        'experiment_name': f'test-{uuid.uuid4().hex[:8]}',
        'train_dataloader.batch_size': BATCH,
        'default_hooks.checkpoint.interval': 1,
        'default_hooks.checkpoint.max_keep_ckpts': -1,
        'default_hooks.logger.interval': 1,
        'val_cfg': None,
        'val_dataloader': None,
        'val_evaluator': None,
    })
    if 'last_source' in cfg:
        # no source validation here, so keep the last model (the config's
        # best-on-source-validation rule would refuse to start)
        cfg.default_hooks.checkpoint = dict(
            cfg.last_source, interval=1, max_keep_ckpts=-1)
    if method == 'shot_target':
        cfg.merge_from_dict({
            'train_cfg.max_epochs':
            iters // 2,
            # UnlabeledDataset's inner set, which PseudoLabelHook labels too
            'train_dataloader.dataset.dataset.indices':
            SHOT_TARGET,
        })
    else:
        cfg.merge_from_dict({'train_cfg.max_iters': iters})
        if cfg.param_scheduler:
            cfg.merge_from_dict({'param_scheduler.0.end': iters})
    if multi_source:
        cfg.train_dataloader.batch_size = PER_DOMAIN * domains
        cfg.train_dataloader.sampler.per_domain = PER_DOMAIN
        for hook in cfg.custom_hooks:
            if _type_name(hook['type']) == 'PenaltyAnnealHook':
                # the penalty's weight and Adam's reset switch mid-run
                hook['anneal_iters'] = max(iters - 1, 1)
    if cfg.get('target_dataloader') is not None:
        cfg.target_dataloader.batch_size = BATCH
    cfg.merge_from_dict(options)
    return cfg


def quick_pretty_text(monkeypatch):
    """Skip yapf in ``Config.pretty_text``, which the runner calls for every
    log and checkpoint and which takes most of a tiny run's time; the text
    is only stored, never parsed, by these tests."""
    monkeypatch.setattr(Config, 'pretty_text',
                        property(lambda self: repr(self._cfg_dict.to_dict())))


def train(cfg, hooks=()):
    """Train ``cfg`` as ``tools/train.py`` does (full mmengine checkpoints
    load in a trusted scope); returns the runner and the last logged total
    loss."""
    runner = Runner.from_cfg(cfg)
    for hook in hooks:
        runner.register_hook(hook)
    with trusted_local_checkpoints():
        runner.train()
    return runner, runner.message_hub.get_scalar('train/loss').current()


def assert_same_weights(a, b):
    """Two state dicts hold bit-identical tensors."""
    assert a.keys() == b.keys()
    for key in a:
        assert torch.equal(a[key], b[key]), key


def resume_matches(method, plugin, work_dir, iters=3, resume_at=2, **options):
    """Train ``iters`` iterations, and again from the checkpoint of
    ``resume_at`` with ``--resume``; assert the weights and the last
    logged loss are bit-identical, and return the full run's runner."""
    full, full_loss = train(
        compose(method, plugin, work_dir / 'full', iters, **options))
    cfg = compose(method, plugin, work_dir / 'resumed', iters, **options)
    cfg.merge_from_dict({
        'resume':
        True,
        'load_from':
        str(work_dir / 'full' / f'iter_{resume_at}.pth')
    })
    resumed, resumed_loss = train(cfg)
    assert resumed.iter == full.iter == (
        iters // 2 * 2 if method == 'shot_target' else iters)
    assert_same_weights(full.model.state_dict(), resumed.model.state_dict())
    assert resumed_loss == full_loss
    return full
