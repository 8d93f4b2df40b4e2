# Copyright (c) mmda contributors. All rights reserved.
"""PseudoLabelHook on SHOT's digits target stage: labels by clustering at
every epoch start, identical on every rank, kept across resume."""

import pytest
import torch
import torch.multiprocessing as mp
from composition import compose, train
from dist_env import free_port, join_group
from mmengine.runner import Runner
from shot_target_stage import (N_TARGET, LabelRecorder, pseudo_label_hook,
                               target_cfg)
from torch import nn

from mmda.engine.hooks import features_and_logits
from mmda.engine.hooks.pseudo_label_hook import check_exposes_features
from mmda.models.algorithms import shot_pseudo_labels

# mmda's tools load full mmengine checkpoints in a trusted scope; so do these
# in-process runs.
pytestmark = pytest.mark.usefixtures('trusted_checkpoints')


def _direct(runner):
    """Features and probabilities of the label set, computed here."""
    model = runner.model.eval()
    feats, probs = [], []
    for batch in pseudo_label_hook(runner).dataloader:
        f, z = features_and_logits(
            model,
            model.data_preprocessor(batch, False)['inputs'])
        feats.append(f)
        probs.append(z.softmax(dim=1))
    return torch.cat(feats), torch.cat(probs)


def _probe(work_dir, checkpoint, **hook_options):
    runner = Runner.from_cfg(target_cfg(work_dir, checkpoint))
    hook = pseudo_label_hook(runner)
    for key, value in hook_options.items():
        setattr(hook, key, value)
    runner.load_checkpoint(checkpoint)
    hook.before_train(runner)
    return runner, hook


def test_labels_match_a_direct_computation(tmp_path, source_ckpt):
    runner, hook = _probe(tmp_path, source_ckpt)
    labels = hook.compute(runner)
    feats, probs = _direct(runner)
    assert torch.equal(labels, shot_pseudo_labels(feats, probs))
    # the official object code's first round (classes that are never the
    # argmax are left out) is an option of the hook
    runner, hook = _probe(
        tmp_path / 'drop', source_ckpt, drop_unpredicted=True)
    assert torch.equal(
        hook.compute(runner),
        shot_pseudo_labels(feats, probs, drop_unpredicted=True))


def test_labelling_keeps_the_training_trajectory(tmp_path, source_ckpt):
    runner, hook = _probe(tmp_path, source_ckpt)
    runner.model.train()
    state = torch.get_rng_state()
    hook.compute(runner)
    assert runner.model.training
    assert torch.equal(torch.get_rng_state(), state)


def test_resume_mid_epoch_reuses_that_epochs_labels(tmp_path, source_ckpt):
    # a large step, so that the weights at iteration 6 would cluster the
    # target differently from those at the epoch start (iteration 4)
    fast = {'optim_wrapper.optimizer.lr': 0.5}
    cfg = target_cfg(tmp_path / 'full', source_ckpt, 2)
    cfg.merge_from_dict(fast)
    full = Runner.from_cfg(cfg)
    full_labels = LabelRecorder()
    full.register_hook(full_labels)
    full.train()
    # iteration 6 is inside the second epoch (iterations 5-8)
    mid_epoch = str(tmp_path / 'full' / 'iter_6.pth')
    saved = torch.load(mid_epoch, weights_only=False)['pseudo_labels']
    assert torch.equal(saved, full_labels.seen[5])
    probe, hook = _probe(tmp_path / 'probe', mid_epoch)
    assert not torch.equal(hook.compute(probe), full_labels.seen[5])

    cfg = target_cfg(tmp_path / 'resumed', None, 2)
    cfg.merge_from_dict({'resume': True, 'load_from': mid_epoch, **fast})
    resumed = Runner.from_cfg(cfg)
    resumed_labels = LabelRecorder()
    resumed.register_hook(resumed_labels)
    resumed.train()
    # keys are 0-based: iterations 7 and 8 ran after the resume
    assert sorted(resumed_labels.seen) == [6, 7]
    for it in (6, 7):
        assert torch.equal(resumed_labels.seen[it], full_labels.seen[it])
    a, b = full.model.state_dict(), resumed.model.state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_resume_mid_epoch_without_saved_labels(tmp_path, source_ckpt):
    cfg = target_cfg(tmp_path / 'full', source_ckpt, 2)
    Runner.from_cfg(cfg).train()
    # a checkpoint of this run, as a run without the hook would write it
    checkpoint = torch.load(
        tmp_path / 'full' / 'iter_6.pth', weights_only=False)
    del checkpoint['pseudo_labels']
    stripped = str(tmp_path / 'no_labels.pth')
    torch.save(checkpoint, stripped)
    cfg = target_cfg(tmp_path / 'resumed', None, 2)
    cfg.merge_from_dict({'resume': True, 'load_from': stripped})
    with pytest.raises(
            RuntimeError,
            match=r'resuming at iteration 6, '
            r'inside a pass .* \(4 iterations\).*no_labels.pth'
            r'.* has none'):
        Runner.from_cfg(cfg).train()


def test_model_without_features_is_refused():
    with pytest.raises(
            TypeError,
            match='needs a model that exposes '
            'features and logits, but Linear has neither'):
        check_exposes_features(nn.Linear(2, 2))


def _dist_worker(rank, port, work_dir, source_ckpt, results):
    join_group(rank, port)
    from mmda.utils import setup_distributed, trusted_local_checkpoints
    cfg = target_cfg(work_dir, source_ckpt)
    cfg.launcher = 'pytorch'
    cfg.experiment_name = 'dist'
    setup_distributed('pytorch', cfg)
    runner = Runner.from_cfg(cfg)
    recorder = LabelRecorder()
    runner.register_hook(recorder)
    with trusted_local_checkpoints():  # as tools/train.py loads load_from
        runner.train()
    shard = list(iter(pseudo_label_hook(runner).dataloader.sampler))
    results[rank] = (recorder.seen[1], shard, runner.iter)


def test_two_ranks_hold_identical_pseudo_labels(tmp_path, source_ckpt):
    results = mp.Manager().dict()
    # spawn, not fork: a forked child inherits the parent's OpenMP thread
    # pool in a broken state and can hang in its first parallel op.
    mp.start_processes(
        _dist_worker,
        args=(free_port(), str(tmp_path), source_ckpt, results),
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
    single, hook = _probe(tmp_path / 'single', source_ckpt)
    assert torch.equal(hook.compute(single), labels0)


def test_uda_model_gets_target_pseudo_labels(tmp_path):
    # any classifier can use the hook: here DANN's UDAImageClassifier, whose
    # target samples (never the labelled source ones) get the labels
    cfg = compose('dann', None, tmp_path, iters=2)
    cfg.target_dataloader.dataset.indices = 8
    # the hook labels the loop's target loader (its own pass, in order)
    cfg.custom_hooks.append(dict(type='mmda.PseudoLabelHook'))
    seen = []

    class _Record(LabelRecorder):

        def before_train_iter(self, runner, batch_idx, data_batch=None):
            seen.append(data_batch)

    runner, _ = train(cfg, [_Record()])
    hook = pseudo_label_hook(runner)
    assert hook.labels.shape == (8, )
    assert list(iter(hook.dataloader.sampler)) == list(range(8))
    for batch in seen:
        assert all('pseudo_label' not in s
                   for s in batch['source']['data_samples'])
        for s in batch['target']['data_samples']:
            assert s.pseudo_label == hook.labels[s.sample_idx]


def test_collapsed_pseudo_labels_stop_the_run(tmp_path, source_ckpt,
                                              monkeypatch):
    # every sample in one class: all losses would be 0 and the run would go
    # on at chance accuracy, so the hook stops it, naming the iteration
    runner, hook = _probe(tmp_path, source_ckpt)
    import mmda.engine.hooks.pseudo_label_hook as module
    monkeypatch.setattr(
        module, 'shot_pseudo_labels', lambda feats, probs, **_: torch.full(
            (len(feats), ), 3, dtype=torch.long))
    with pytest.raises(
            RuntimeError,
            match='iteration 0 collapsed: all 32 samples fall '
            'in class 3 of 10'):
        hook.compute(runner)


def test_labelling_pass_takes_its_own_pipeline(tmp_path, source_ckpt):
    # SHOT labels the target with its test transforms; the training set's
    # own dataset is not changed
    runner, hook = _probe(tmp_path, source_ckpt)
    train_set = runner.train_dataloader.dataset.dataset
    train_pipeline = train_set.pipeline
    from mmda.engine.hooks.pseudo_label_hook import labelling_loader
    loader = labelling_loader(
        runner, runner.train_dataloader, pipeline=[dict(type='PackInputs')])
    inner = loader.dataset.dataset
    assert inner is not train_set and train_set.pipeline is train_pipeline
    assert [type(t).__name__
            for t in inner.pipeline.transforms] == ['PackInputs']
    assert list(iter(loader.sampler)) == list(range(N_TARGET))
    assert all('gt_label' not in loader.dataset[i]['data_samples']
               for i in range(2))
