# Copyright (c) mmda contributors. All rights reserved.
"""Training-step time of an mmpretrain ResNet-18 with each mmda plugin,
against the same model without it, in one run.

Each variant is built from the same model config through
``mmda.PluggedModel``; a step is ``train_step`` (forward, backward, SGD
update) on one fixed batch. Variants are timed in turns (round-robin) so
that load changes on the machine hit all of them alike, and the median
step time is reported. Targets: CNSN <= 1.15x, RSC <= 1.5x, GRL <= 1.02x.

Example:
    python benchmarks/plugin_step_time.py --size 64 --batch-size 16
"""
import argparse
import random
import statistics
import time
from typing import Dict, List

import torch
from mmengine.optim import OptimWrapper
from mmpretrain.structures import DataSample

from mmda.models import plugin_layers
from mmda.models.layers import RSC, CrossNorm
from mmda.registry import MODELS
from mmda.utils import register_all_modules

TARGETS = dict(cnsn=1.15, rsc=1.5, grl=1.02)
CHANNELS = (64, 128, 256, 512)


def model_cfg(num_classes: int) -> dict:
    return dict(
        type='ImageClassifier',
        backbone=dict(type='ResNet', depth=18),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(
            type='LinearClsHead',
            num_classes=num_classes,
            in_channels=512,
            loss=dict(type='CrossEntropyLoss')))


def plugins_of(variant: str) -> List[dict]:
    if variant == 'cnsn':
        return [
            dict(
                path=f'backbone.layer{i}',
                layer=dict(type='mmda.CNSN', channels=c))
            for i, c in enumerate(CHANNELS, 1)
        ]
    if variant == 'rsc':
        return [dict(path='backbone', layer=dict(type='mmda.RSC'))]
    if variant == 'grl':
        # GRL in front of the classifier, as in front of a discriminator.
        return [
            dict(
                path='head.fc',
                position='before',
                layer=dict(type='mmda.GradientReverseLayer'))
        ]
    return []


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--size', type=int, default=64, help='image side')
    parser.add_argument('--batch-size', type=int, default=16)
    parser.add_argument('--steps', type=int, default=10)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--num-classes', type=int, default=7)
    parser.add_argument('--threads', type=int, help='torch CPU threads')
    return parser.parse_args(argv)


def main(argv=None) -> Dict[str, float]:
    args = parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    register_all_modules(init_default_scope=False)
    torch.manual_seed(0)
    random.seed(0)
    batch = dict(
        inputs=torch.randn(args.batch_size, 3, args.size, args.size),
        data_samples=[
            DataSample().set_gt_label(i % args.num_classes)
            for i in range(args.batch_size)
        ])
    variants = ['none', 'cnsn', 'rsc', 'grl']
    runs = {}
    for name in variants:
        model = MODELS.build(
            dict(
                type='mmda.PluggedModel',
                model=model_cfg(args.num_classes),
                plugins=plugins_of(name))).train()
        optim = OptimWrapper(
            torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9))
        crossnorms = [m for m in model.modules() if isinstance(m, CrossNorm)]
        runs[name] = (model, optim, crossnorms)
    times = {name: [] for name in variants}
    for step in range(args.warmup + args.steps):
        for name in variants:
            model, optim, crossnorms = runs[name]
            # One CrossNorm on per step, as CrossNormActivationHook with
            # cn_prob=1, active_num=1 (the costliest setting).
            for i, layer in enumerate(crossnorms):
                layer.active = i == step % len(crossnorms)
            # Spatial- and channel-wise RSC in turn, as RSCSpatialChoiceHook
            # draws them in a run.
            for layer in plugin_layers(model):
                if isinstance(layer, RSC):
                    layer.spatial = step % 2 == 0
            start = time.perf_counter()
            model.train_step(batch, optim)
            if step >= args.warmup:
                times[name].append(time.perf_counter() - start)
    base = statistics.median(times['none'])
    print(f'ResNet-18, batch {args.batch_size} x 3 x {args.size} x '
          f'{args.size}, median of {args.steps} steps, '
          f'{torch.get_num_threads()} threads')
    ratios = {}
    for name in variants:
        t = statistics.median(times[name])
        ratios[name] = t / base
        target = TARGETS.get(name)
        verdict = '' if target is None else (
            f'  target <= {target:.2f}x: '
            f'{"ok" if ratios[name] <= target else "MISSED"}')
        print(f'{name:>5}: {t * 1000:8.1f} ms/step  {ratios[name]:.3f}x'
              f'{verdict}')
    return ratios


if __name__ == '__main__':
    main()
