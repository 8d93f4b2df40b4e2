# Copyright (c) mmda contributors. All rights reserved.
"""Sweep hyper-parameters x seeds of a config and measure the validators.

Each run validates every ``val_interval`` iterations with the config's
``MultiValLoop`` (source validation split and unlabelled target split);
the sweep adds the labelled target test split under the prefix
``oracle_target_test`` to *measure* the selectors, never to select in
anything mmda ships. It prints, per validator, the Spearman correlation
with target test accuracy over all runs and validations, and the target
accuracy of its pick (see :mod:`mmda.analysis.hparam_sweep`).

Example (DANN, learning rate x domain-loss weight, 2 seeds):
    python tools/analysis_tools/hparam_sweep.py \
        configs/dann/dann_lenet_2k_digits_uci2mnist5k.py \
        --grid optim_wrapper.optimizer.lr=0.003,0.01,0.03 \
        --grid model.da_losses.0.loss_weight=0.3,1.0 \
        --default optim_wrapper.optimizer.lr=0.01 \
        --default model.da_losses.0.loss_weight=1.0 \
        --seeds 0 1 --work-dir work_dirs/sweep/dann_uci2mnist5k \
        --cfg-options train_cfg.max_iters=600 param_scheduler.0.end=600 \
        train_cfg.val_interval=150
"""
import argparse
import ast
import json
import os.path as osp
import sys
import time
from typing import Dict, List

from mmengine.config import Config, DictAction

from mmda.analysis.hparam_sweep import (ORACLE_PREFIX, format_table,
                                        load_points, parameter_grid, run_name,
                                        selection_table)
from mmda.evaluation.metrics.unsupervised_validators import VALIDATORS

DONE_FILE = 'sweep_run.json'


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        'config',
        help='a config validating with '
        'MultiValLoop on the unlabelled target split')
    parser.add_argument(
        '--grid',
        action='append',
        default=[],
        metavar='KEY=V1,V2',
        help='a config key and its values (repeat for more keys)')
    parser.add_argument(
        '--default',
        action='append',
        default=[],
        metavar='KEY=V',
        help='the paper\'s value of a grid key (for the "last checkpoint, '
        'default hyper-parameters" row)')
    parser.add_argument('--seeds', nargs='+', type=int, default=[0, 1, 2])
    parser.add_argument('--work-dir', required=True)
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        default={},
        help='fixed overrides of every run; "{seed}" in a value is replaced '
        'by the run\'s seed')
    parser.add_argument('--title', help='title of the printed table')
    parser.add_argument('--out', help='append the table (Markdown) here')
    parser.add_argument(
        '--analyze-only',
        action='store_true',
        help='only read the runs already in --work-dir')
    return parser.parse_args(argv)


def _value(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def parse_grid(items: List[str]) -> Dict[str, list]:
    grid = {}
    for item in items:
        key, sep, values = item.partition('=')
        if not sep or not values:
            raise ValueError(f'--grid {item!r}: expected KEY=V1,V2,...')
        grid[key] = [_value(v) for v in values.split(',')]
    return grid


def sweep_config(config: str, params: Dict, seed: int, work_dir: str,
                 options: Dict) -> Config:
    """The config of one run: fixed options, the grid point, the seed,
    validation logged by iteration, the oracle evaluation added, no
    checkpoints written."""
    cfg = Config.fromfile(config)
    add_target_validation(cfg, config)
    fill = {
        k: v.replace('{seed}', str(seed)) if isinstance(v, str) else v
        for k, v in options.items()
    }
    cfg.merge_from_dict(fill)
    cfg.merge_from_dict(dict(params))
    cfg.randomness = dict(seed=seed, deterministic=False)
    cfg.work_dir = work_dir
    cfg.default_hooks.logger.log_metric_by_epoch = False
    cfg.default_hooks.checkpoint.update(
        interval=10**9, save_last=False, save_best=None)
    # Measurement only: the labelled target test split, reference column.
    cfg.val_cfg.evaluations = list(cfg.val_cfg.get('evaluations', [])) + [
        dict(
            prefix=ORACLE_PREFIX,
            dataloader=cfg.test_dataloader,
            evaluator=cfg.test_evaluator,
            keep_labels=True)
    ]
    return cfg


def add_target_validation(cfg: Config, config: str) -> None:
    """Give a config that validates only on the source (a UDA config), or
    not at all (SHOT's target stage), a ``MultiValLoop`` with the
    validators on the unlabelled target training split, as
    ``configs/_base_/validation/target_unlabeled.py`` does."""
    val_cfg = cfg.get('val_cfg') or {}
    if 'MultiValLoop' in str(val_cfg.get('type')):
        return
    validators = dict(type='UnsupervisedValidators')
    target = cfg.get('target_dataloader')
    if target is not None and cfg.get('val_dataloader') is not None:
        cfg.val_cfg = dict(
            type='MultiValLoop',
            prefix='source',
            evaluations=[
                dict(
                    prefix='target_unlabeled',
                    dataloader=dict(
                        cfg.val_dataloader, dataset=target['dataset']),
                    evaluator=validators)
            ])
    elif target is None and cfg.get('train_dataloader') is not None:
        # source-free (SHOT): the training set is the unlabelled target;
        # its training split, in order
        cfg.val_dataloader = dict(
            cfg.train_dataloader,
            sampler=dict(type='DefaultSampler', shuffle=False))
        cfg.val_evaluator = validators
        cfg.val_cfg = dict(
            type='MultiValLoop', prefix='target_unlabeled', unlabeled=True)
    else:
        raise ValueError(
            f'{config}: no target_dataloader (UDA) and no train_dataloader '
            '(source-free); cannot add validation on the unlabelled target '
            'split')


def main(argv=None) -> int:
    args = parse_args(argv)
    from mmengine.runner import Runner

    from mmda.utils import register_all_modules, trusted_local_checkpoints
    register_all_modules(init_default_scope=False)
    grid = parse_grid(args.grid)
    default = {k: v[0] for k, v in parse_grid(args.default).items()}
    points = []
    start = time.time()
    for params in parameter_grid(grid):
        for seed in args.seeds:
            run_dir = osp.join(args.work_dir, run_name(params, seed))
            done = osp.join(run_dir, DONE_FILE)
            if not osp.isfile(done):
                if args.analyze_only:
                    continue
                tic = time.time()
                cfg = sweep_config(args.config, params, seed, run_dir,
                                   args.cfg_options)
                # load_from (SHOT's source model) is a local run's file
                with trusted_local_checkpoints():
                    Runner.from_cfg(cfg).train()
                with open(done, 'w') as f:
                    json.dump(
                        dict(
                            params=params,
                            seed=seed,
                            seconds=time.time() - tic), f)
            points += load_points(run_dir, seed, params)
    if not points:
        raise FileNotFoundError(f'no finished run under {args.work_dir}')
    keys = set(points[0].scores)
    validators = {
        k: VALIDATORS[k.split('/')[-1]].rule
        for k in sorted(keys)
        if k.startswith('target_unlabeled/') and k.split('/')[-1] in VALIDATORS
    }
    source_key = 'source/accuracy/top1'
    rows = selection_table(points, validators,
                           f'{ORACLE_PREFIX}/accuracy/top1',
                           source_key if source_key in keys else None, default
                           or None)
    title = args.title or osp.basename(args.config)
    runs = len({p.run for p in points})
    table = format_table(
        f'{title}: {runs} runs, {len(points)} validations, seeds '
        f'{sorted({p.seed for p in points})}', rows)
    print(table)
    print(f'({time.time() - start:.0f} s)')
    if args.out:
        with open(args.out, 'a') as f:
            f.write(table + '\n\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
