# Copyright (c) mmda contributors. All rights reserved.
"""Train and test configs over several seeds; print mean and std.

Each run trains with ``randomness.seed`` set to one seed, then evaluates
the final model on the config's ``test_dataloader`` (for DG configs: the
unseen domain).

Each run's work dir is ``{work_dir}/{config name}/seed{seed}`` and gets a
``target_test_metrics.json``, so ``tools/analysis_tools/collect_results.py``
tabulates the runs. ``{seed}`` in a ``--cfg-options`` value is replaced by
the run's seed, which chains two-stage methods seed by seed (SHOT's target
stage loads the source model of the same seed).

Example:
    python tools/multi_seed.py configs/erm/erm_lenet_500i_digits_mnist5k.py \
        configs/rsc/rsc_lenet_500i_digits_mnist5k.py --seeds 0 1 2
    python tools/multi_seed.py \
        configs/shot/shot_source_lenet_2k_digits_uci.py --work-dir src
    python tools/multi_seed.py \
        configs/shot/shot_lenet_30e_digits_uci2mnist5k.py --cfg-options \
        load_from=src/shot_source_lenet_2k_digits_uci/seed{seed}/best_source.pth
"""
import argparse
import json
import os.path as osp
import statistics
import sys
from typing import Optional

from mmengine.config import Config, DictAction
from mmengine.runner import Runner

from mmda.analysis.run_results import METRICS_FILE
from mmda.utils import (check_config, register_all_modules,
                        trusted_local_checkpoints)
from mmda.utils.work_dir_lock import WorkDirLock


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('configs', nargs='+', help='config files')
    parser.add_argument('--seeds', nargs='+', type=int, default=[0, 1, 2])
    parser.add_argument('--work-dir', default='work_dirs/multi_seed')
    parser.add_argument(
        '--metric', default='accuracy/top1', help='test metric to report')
    parser.add_argument('--out', help='write the results as JSON here')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        default={},
        help='override config keys (key=value); "{seed}" in a value is '
        'replaced by the seed of the run')
    parser.add_argument(
        '--skip-done',
        action='store_true',
        help=f'reuse runs whose {METRICS_FILE} exists instead of training '
        'them again')
    parser.add_argument(
        '--test-selected',
        action='store_true',
        help='test the checkpoint the config selects on validation '
        '(save_best) instead of the last model')
    return parser.parse_args(argv)


def seed_options(options: dict, seed: int) -> dict:
    """``options`` with ``{seed}`` in string values replaced by ``seed``."""

    def fill(value):
        if isinstance(value, str):
            return value.replace('{seed}', str(seed))
        if isinstance(value, (list, tuple)):
            return type(value)(fill(v) for v in value)
        return value

    return {key: fill(value) for key, value in options.items()}


def _selects_on_val(cfg: Config) -> bool:
    """Whether the checkpoint hook keeps the best model on validation
    (``save_best``, e.g. ``BestSourceCheckpointHook``)."""
    hook = (cfg.get('default_hooks') or {}).get('checkpoint') or {}
    hook_type = hook.get('type')
    name = hook_type if isinstance(hook_type, str) else getattr(
        hook_type, '__name__', '')
    return bool(hook.get('save_best')) or 'BestSourceCheckpointHook' in name


def run_one(config: str,
            seed: int,
            work_dir: str,
            metric: str,
            options: Optional[dict] = None,
            skip_done: bool = False,
            test_selected: bool = False) -> float:
    cfg = Config.fromfile(config)
    name = osp.splitext(osp.basename(config))[0]
    cfg.work_dir = osp.join(work_dir, name, f'seed{seed}')
    metrics_file = osp.join(cfg.work_dir, METRICS_FILE)
    if skip_done and osp.isfile(metrics_file):
        with open(metrics_file) as f:
            return float(json.load(f)[metric])
    options = seed_options(options or {}, seed)
    # A misspelt key stops here, not after hours of seeds.
    check_config(cfg, options)
    cfg.merge_from_dict(options)
    cfg.randomness = dict(seed=seed, deterministic=False)
    if test_selected and not _selects_on_val(cfg):
        raise ValueError(f'{config}: --test-selected, but the config keeps '
                         'no validated checkpoint (default_hooks.checkpoint '
                         'has no save_best)')
    if cfg.get('val_cfg') is not None and not _selects_on_val(cfg):
        # Only the final model is tested, so no intermediate validation
        # (unless a checkpoint rule keeps the best validated model).
        cfg.train_cfg.val_interval = 10**9
    # Another run (a second multi_seed.py, a tools/train.py) in this seed's
    # work dir would delete and overwrite its checkpoints.
    with WorkDirLock(cfg.work_dir):
        runner = Runner.from_cfg(cfg)
        # A SHOT target stage's load_from is a full mmengine checkpoint.
        with trusted_local_checkpoints():
            runner.train()
            if test_selected:
                # the checkpoint mmengine's save_best kept, by its record
                best = runner.message_hub.get_info('best_ckpt')
                if best is None:
                    raise RuntimeError(
                        f'{config}: no best checkpoint was saved (did the '
                        'run validate?)')
                runner.load_checkpoint(best)
            metrics = runner.test()
    if metric not in metrics:
        raise KeyError(f'{config}: the test metrics {sorted(metrics)} have '
                       f'no {metric!r}')
    with open(metrics_file, 'w') as f:
        json.dump({k: float(v) for k, v in metrics.items()}, f, indent=2)
    return float(metrics[metric])


def main(argv=None):
    args = parse_args(argv)
    register_all_modules(init_default_scope=False)
    results = {}
    for config in args.configs:
        scores = [
            run_one(config, seed, args.work_dir, args.metric, args.cfg_options,
                    args.skip_done, args.test_selected) for seed in args.seeds
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
