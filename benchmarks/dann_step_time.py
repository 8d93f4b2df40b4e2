# Copyright (c) mmda contributors. All rights reserved.
"""Step time of DANN through the mmda Runner path vs a plain PyTorch loop.

Both train the same model (built from the same config, same seed) with the
same batch size on the same embedded digits data, held in memory. The mmda
path is the real one: ``Runner`` + ``UDATrainLoop`` + hooks + dataloaders +
data preprocessor + ``UDAImageClassifier.train_step``. The plain loop is
what one would write by hand: pre-collated tensors, forward, the two
losses, backward, SGD step, lr and GRL-lambda updates.

The two are timed alternately in rounds, and the median per-iteration time
of each is compared, which makes the ratio robust to a noisy machine.

Usage::

    python benchmarks/dann_step_time.py [--iters 60] [--rounds 3]
"""
import argparse
import statistics
import time
import uuid

import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.hooks import Hook
from mmengine.runner import Runner

from mmda.engine.hooks.grl_lambda_hook import dann_lambda
from mmda.engine.schedulers import inverse_decay_factor
from mmda.registry import MODELS
from mmda.utils import register_all_modules

CONFIG = 'configs/dann/dann_lenet_2k_digits-uci2mnist5k.py'


class _StepTimer(Hook):
    """Times iterations after ``warmup``, data loading included."""

    priority = 'VERY_HIGH'

    def __init__(self, warmup):
        self.warmup = warmup
        self.start = None

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        if runner.iter == self.warmup:
            self.start = time.perf_counter()

    def after_run(self, runner):
        self.elapsed = time.perf_counter() - self.start


def runner_step_time(cfg, iters, warmup, workers=0):
    cfg = cfg.copy()
    total = iters + warmup
    loader = dict(num_workers=workers, persistent_workers=workers > 0)
    cfg.merge_from_dict({
        'train_dataloader': loader,
        'train_cfg.target_dataloader': loader,
        'experiment_name': f'bench-{uuid.uuid4().hex[:8]}',
        'work_dir': '/tmp/mmda_bench',
        'train_cfg.max_iters': total,
        'param_scheduler.0.end': total,
        'default_hooks.logger.interval': 10**6,
        'default_hooks.checkpoint.interval': 10**6,
        'default_hooks.checkpoint.save_last': False,
        'log_level': 'WARNING',
        'val_cfg': None,
        'val_dataloader': None,
        'val_evaluator': None,
    })
    runner = Runner.from_cfg(cfg)
    timer = _StepTimer(warmup)
    runner.register_hook(timer)
    runner.train()
    return timer.elapsed / iters


def plain_step_time(cfg, iters, warmup):
    torch.manual_seed(cfg.randomness.seed)
    model = MODELS.build(cfg.model)
    model.init_weights()
    model.train()
    opt_cfg = cfg.optim_wrapper.optimizer
    optimizer = torch.optim.SGD(
        model.parameters(),
        lr=opt_cfg.lr,
        momentum=opt_cfg.momentum,
        weight_decay=opt_cfg.weight_decay)
    batches = _in_memory_batches(cfg, model, warmup + iters)
    grl = model.da_losses[0].grl
    total = warmup + iters
    for step, (x_s, y_s, x_t) in enumerate(batches):
        if step == warmup:
            start = time.perf_counter()
        grl.coeff = dann_lambda(step / total)
        for group in optimizer.param_groups:
            group['lr'] = opt_cfg.lr * inverse_decay_factor(step / total)
        feats = model.neck(model.backbone(torch.cat([x_s, x_t])))[-1]
        f_s, f_t = feats[:len(x_s)], feats[len(x_s):]
        loss = F.cross_entropy(model.head.fc(f_s), y_s)
        loss = loss + model.da_losses[0](f_s, f_t)['loss_domain']
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return (time.perf_counter() - start) / iters


def _in_memory_batches(cfg, model, count):
    """Pre-collate ``count`` (source, labels, target) batches, normalised."""
    from mmda.registry import DATASETS
    source = DATASETS.build(cfg.train_dataloader.dataset)
    target = DATASETS.build(cfg.target_dataloader.dataset)
    bs = cfg.train_dataloader.batch_size
    g = torch.Generator().manual_seed(0)

    def stack(ds, idx):
        items = [ds[i] for i in idx.tolist()]
        x = torch.stack([it['inputs'] for it in items]).float()
        y = torch.tensor([it['data_samples'].gt_label.item() for it in items])
        return (x - 127.5) / 127.5, y

    out = []
    for _ in range(count):
        x_s, y_s = stack(source, torch.randint(len(source), (bs, ),
                                               generator=g))
        x_t, _ = stack(target, torch.randint(len(target), (bs, ),
                                             generator=g))
        out.append((x_s, y_s, x_t))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--iters', type=int, default=60)
    parser.add_argument('--warmup', type=int, default=5)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument(
        '--workers', type=int, default=0,
        help='dataloader workers of the mmda path (the configs use 0)')
    args = parser.parse_args()

    register_all_modules(init_default_scope=False)
    cfg = Config.fromfile(CONFIG)
    plain, mmda = [], []
    for r in range(args.rounds):
        plain.append(plain_step_time(cfg, args.iters, args.warmup))
        mmda.append(
            runner_step_time(cfg, args.iters, args.warmup, args.workers))
        print(f'round {r}: plain {plain[-1] * 1e3:7.2f} ms/iter   '
              f'mmda Runner {mmda[-1] * 1e3:7.2f} ms/iter', flush=True)
    p, m = statistics.median(plain), statistics.median(mmda)
    print(f'\nDANN LeNet, batch {cfg.train_dataloader.batch_size}+'
          f'{cfg.target_dataloader.batch_size}, torch threads '
          f'{torch.get_num_threads()}, mmda dataloader workers {args.workers}')
    print(f'median plain PyTorch loop: {p * 1e3:.2f} ms/iter')
    print(f'median mmda Runner path : {m * 1e3:.2f} ms/iter')
    print(f'ratio mmda / plain      : {m / p:.3f}x (target <= 1.10x)')


if __name__ == '__main__':
    main()
