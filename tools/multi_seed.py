# Copyright (c) mmda contributors. All rights reserved.
"""Train and test configs over several seeds; print mean and std.

Each run trains with ``randomness.seed`` set to one seed, then evaluates
the final model on the config's ``test_dataloader`` (for DG configs: the
unseen domain).

Example:
    python tools/multi_seed.py configs/erm/erm_lenet_500i_digits-mnist5k.py \
        configs/rsc/rsc_lenet_500i_digits-mnist5k.py --seeds 0 1 2
"""
import argparse
import json
import os.path as osp
import statistics
import sys

from mmengine.config import Config
from mmengine.runner import Runner

from mmda.utils import register_all_modules


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('configs', nargs='+', help='config files')
    parser.add_argument('--seeds', nargs='+', type=int, default=[0, 1, 2])
    parser.add_argument('--work-dir', default='work_dirs/multi_seed')
    parser.add_argument(
        '--metric', default='accuracy/top1', help='test metric to report')
    parser.add_argument('--out', help='write the results as JSON here')
    return parser.parse_args(argv)


def run_one(config: str, seed: int, work_dir: str, metric: str) -> float:
    cfg = Config.fromfile(config)
    name = osp.splitext(osp.basename(config))[0]
    cfg.work_dir = osp.join(work_dir, name, f'seed{seed}')
    cfg.randomness = dict(seed=seed, deterministic=False)
    # Only the final model is tested, so no intermediate validation.
    cfg.train_cfg.val_interval = 10**9
    runner = Runner.from_cfg(cfg)
    runner.train()
    metrics = runner.test()
    if metric not in metrics:
        raise KeyError(f'{config}: the test metrics {sorted(metrics)} have '
                       f'no {metric!r}')
    return float(metrics[metric])


def main(argv=None):
    args = parse_args(argv)
    register_all_modules(init_default_scope=False)
    results = {}
    for config in args.configs:
        scores = [
            run_one(config, seed, args.work_dir, args.metric)
            for seed in args.seeds
        ]
        results[config] = dict(
            seeds=args.seeds,
            scores=scores,
            mean=statistics.mean(scores),
            std=statistics.stdev(scores) if len(scores) > 1 else 0.0)
    for config, r in results.items():
        print(f'{osp.basename(config)}: {r["mean"]:.2f} +- {r["std"]:.2f} '
              f'({args.metric}, seeds {r["seeds"]}: '
              f'{", ".join(f"{s:.2f}" for s in r["scores"])})')
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(results, f, indent=2)


if __name__ == '__main__':
    sys.exit(main())
