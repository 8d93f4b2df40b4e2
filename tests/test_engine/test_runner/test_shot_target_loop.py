# Copyright (c) mmda contributors. All rights reserved.
import os
import os.path as osp
import socket
import uuid

import pytest
import torch
import torch.multiprocessing as mp
from mmengine.config import Config
from mmengine.hooks import Hook
from mmengine.runner import Runner

from conftest import REPO
from mmda.engine.runner import shot_pseudo_labels

SOURCE_CFG = osp.join(REPO, 'configs/shot/shot-source_lenet_2k_digits-uci.py')
TARGET_CFG = osp.join(REPO,
                      'configs/shot/shot_lenet_30e_digits-uci2mnist5k.py')
N_TARGET = 32  # target samples: 4 iterations of 8 per epoch


def _common(work_dir):
    return {
        'work_dir': str(work_dir),
        'experiment_name': f'test-{uuid.uuid4().hex[:8]}',
        'default_hooks.checkpoint.interval': 1,
        'default_hooks.checkpoint.max_keep_ckpts': -1,
        'default_hooks.logger.interval': 1,
        'train_dataloader.batch_size': 8,
    }


@pytest.fixture(scope='module')
def source_ckpt(tmp_path_factory):
    work = tmp_path_factory.mktemp('shot_source')
    cfg = Config.fromfile(SOURCE_CFG)
    cfg.merge_from_dict({
        **_common(work), 'train_cfg.max_iters': 2,
        'param_scheduler.0.end': 2,
        'val_cfg': None,
        'val_dataloader': None,
        'val_evaluator': None
    })
    # no source validation here, so keep the last model (the config's
    # best-on-source-validation rule would refuse to start)
    cfg.default_hooks.checkpoint = cfg.last_source
    Runner.from_cfg(cfg).train()
    return str(work / 'iter_2.pth')


def target_cfg(work_dir, load_from, max_epochs=1, config=TARGET_CFG):
    cfg = Config.fromfile(config)
    cfg.merge_from_dict({
        **_common(work_dir), 'load_from': load_from,
        'train_cfg.max_epochs': max_epochs,
        'train_dataloader.dataset.indices': N_TARGET,
        'train_cfg.label_dataloader.dataset.indices': N_TARGET,
        'train_cfg.label_dataloader.batch_size': 5,
    })
    return cfg


class _Labels(Hook):
    """Records the model's pseudo-labels at every iteration, keyed by the
    0-based iteration index."""

    def __init__(self):
        self.seen = {}

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        model = getattr(runner.model, 'module', runner.model)
        self.seen[runner.iter] = model.pseudo_labels.clone()


def test_target_stage_freezes_head_and_trains_the_rest(tmp_path,
                                                        source_ckpt):
    runner = Runner.from_cfg(target_cfg(tmp_path, source_ckpt))
    recorder = _Labels()
    runner.register_hook(recorder)
    runner.train()
    source = torch.load(source_ckpt, weights_only=False)['state_dict']
    state = runner.model.state_dict()
    head_keys = [k for k in state if k.startswith('head.')]
    assert head_keys and all(
        torch.equal(state[k], source[k]) for k in head_keys)
    assert not torch.equal(state['neck.fc.weight'], source['neck.fc.weight'])
    assert runner.iter == 4  # one epoch of ceil(32 / 8) iterations
    assert recorder.seen[1].shape == (N_TARGET, )
    for key in ('train/loss_im', 'train/loss_pl',
                'train/pseudo_label_agreement'):
        assert key in runner.message_hub.log_scalars, key


def test_pseudo_labels_match_a_direct_computation(tmp_path, source_ckpt):
    runner = Runner.from_cfg(target_cfg(tmp_path, source_ckpt))
    runner.load_checkpoint(source_ckpt)
    labels = runner.train_loop.update_pseudo_labels()
    model = runner.model.eval()
    loader = runner.train_loop.label_dataloader
    feats, probs = [], []
    for batch in loader:
        f, p = model.features_and_probs(
            model.data_preprocessor(batch, False)['inputs'])
        feats.append(f)
        probs.append(p)
    direct = shot_pseudo_labels(torch.cat(feats), torch.cat(probs))
    assert torch.equal(labels, direct)


def test_resume_mid_epoch_reuses_that_epochs_labels(tmp_path, source_ckpt):
    # a large step, so that the weights at iteration 6 would cluster the
    # target differently from those at the epoch start (iteration 4)
    fast = {'optim_wrapper.optimizer.lr': 0.5}
    cfg = target_cfg(tmp_path / 'full', source_ckpt, 2)
    cfg.merge_from_dict(fast)
    full = Runner.from_cfg(cfg)
    full_labels = _Labels()
    full.register_hook(full_labels)
    full.train()
    # iteration 6 is inside the second epoch (iterations 5-8)
    mid_epoch = str(tmp_path / 'full' / 'iter_6.pth')
    probe = Runner.from_cfg(target_cfg(tmp_path / 'probe', mid_epoch))
    probe.load_checkpoint(mid_epoch)
    recomputed = probe.train_loop.update_pseudo_labels()
    assert not torch.equal(recomputed, full_labels.seen[6])

    cfg = target_cfg(tmp_path / 'resumed', None, 2)
    cfg.merge_from_dict({'resume': True, 'load_from': mid_epoch, **fast})
    resumed = Runner.from_cfg(cfg)
    resumed_labels = _Labels()
    resumed.register_hook(resumed_labels)
    resumed.train()
    # keys are 0-based: iterations 7 and 8 ran after the resume
    assert sorted(resumed_labels.seen) == [6, 7]
    for it in (6, 7):
        assert torch.equal(resumed_labels.seen[it], full_labels.seen[it])
    a, b = full.model.state_dict(), resumed.model.state_dict()
    assert all(torch.allclose(a[k].float(), b[k].float()) for k in a)


def test_config_with_a_source_loader_is_rejected(tmp_path, source_ckpt):
    for key in ('target_dataloader', 'train_cfg.source_dataloader'):
        cfg = target_cfg(tmp_path, source_ckpt)
        cfg.merge_from_dict({key: dict(cfg.train_dataloader)})
        with pytest.raises(ValueError, match=f'source-free.*`{key}`'):
            Runner.from_cfg(cfg).train()


def test_missing_source_checkpoint(tmp_path):
    with pytest.raises(ValueError, match='set `load_from`'):
        Runner.from_cfg(target_cfg(tmp_path, None)).train()
    missing = str(tmp_path / 'nope.pth')
    with pytest.raises(FileNotFoundError, match='nope.pth.*no such source'):
        Runner.from_cfg(target_cfg(tmp_path, missing)).train()


def test_checkpoint_of_another_architecture(tmp_path, source_ckpt):
    cfg = target_cfg(tmp_path, source_ckpt)
    cfg.model.neck.out_channels = 128
    cfg.model.head.in_channels = 128
    with pytest.raises(ValueError, match=r'not a checkpoint of this SHOT '
                       r'architecture.*shape-mismatched keys \(head.fc'):
        Runner.from_cfg(cfg).train()
    from mmda.registry import MODELS
    other = MODELS.build(
        Config.fromfile(
            osp.join(REPO, 'configs/_base_/models/lenet_digits.py')).model)
    path = str(tmp_path / 'lenet_linear_head.pth')
    torch.save(dict(state_dict=other.state_dict()), path)
    with pytest.raises(ValueError, match='missing keys .*head.fc.param'):
        Runner.from_cfg(target_cfg(tmp_path, path)).train()


def test_class_count_differs_from_the_source_model(tmp_path, source_ckpt):
    cfg = target_cfg(tmp_path, source_ckpt)
    cfg.train_dataloader.dataset.metainfo = dict(
        classes=[str(i) for i in range(9)])
    with pytest.raises(ValueError, match='target dataset has 9 classes but '
                       "the model's head .* predicts 10"):
        Runner.from_cfg(cfg).train()


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return str(s.getsockname()[1])


def _dist_worker(rank, port, work_dir, source_ckpt, results):
    os.environ.update(
        RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE='2',
        MASTER_ADDR='127.0.0.1', MASTER_PORT=port, OMP_NUM_THREADS='1')
    torch.set_num_threads(1)
    from mmda.engine.runner import setup_distributed
    from mmda.utils import register_all_modules
    register_all_modules(init_default_scope=False)
    cfg = target_cfg(work_dir, source_ckpt)
    cfg.launcher = 'pytorch'
    cfg.experiment_name = 'dist'
    setup_distributed('pytorch', cfg)
    runner = Runner.from_cfg(cfg)
    recorder = _Labels()
    runner.register_hook(recorder)
    runner.train()
    shard = list(iter(runner.train_loop.label_dataloader.sampler))
    results[rank] = (recorder.seen[1], shard, runner.iter)


def test_two_ranks_hold_identical_pseudo_labels(tmp_path, source_ckpt):
    results = mp.Manager().dict()
    # spawn, not fork: a forked child inherits the parent's OpenMP thread
    # pool in a broken state and can hang in its first parallel op.
    mp.start_processes(
        _dist_worker,
        args=(_free_port(), str(tmp_path), source_ckpt, results),
        nprocs=2,
        join=True,
        start_method='spawn')
    labels0, shard0, iters0 = results[0]
    labels1, shard1, iters1 = results[1]
    # each rank computed features for its own half of the target set
    assert len(shard0) == len(shard1) == N_TARGET // 2
    assert sorted(shard0 + shard1) == list(range(N_TARGET))
    assert torch.equal(labels0, labels1)
    # an epoch is ceil(32 / (8 x 2 ranks)) = 2 iterations
    assert iters0 == iters1 == 2
    # and the gathered labels are those of one process over the whole set
    single = Runner.from_cfg(target_cfg(tmp_path / 'single', source_ckpt))
    single.load_checkpoint(source_ckpt)
    assert torch.equal(single.train_loop.update_pseudo_labels(), labels0)
