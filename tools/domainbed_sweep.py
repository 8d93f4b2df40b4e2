# Copyright (c) mmda contributors. All rights reserved.
"""A DomainBed sweep on Rotated or Colored MNIST: every method x held-out
domain x hyper-parameter draw x trial, then DomainBed's results tables.

Each run is the generated leaf
``configs/{method}/{method}_mnistcnn_5k_{dataset}_{domain}.py`` with
DomainBed's draw of its hyper-parameters (draw 0: the defaults; the same
values as DomainBed's ``--hparams_seed`` / ``--trial_seed``), its seed
(derived as DomainBed's sweep derives it), the data split of its trial,
and a validation every ``val_interval`` iterations that records the
training domains' held-out accuracy, the held-out domain's ``out``
accuracy (for the oracle rule only) and its ``in`` accuracy (reported);
see :mod:`mmda.analysis.domainbed_protocol`. Runs are trained one after
the other with mmengine's Runner in this process; ``--print-commands``
writes each run's config instead and prints the ``tools/train.py``
command lines, for a cluster, and ``--collect-only`` then makes the
tables from the finished runs.

It prints one table per selection rule: training-domain validation, the
test-domain oracle (labelled as such), and the last checkpoint.

Example (2 methods, every held-out domain, 3 draws x 3 trials; DomainBed's
own sweep is 20 draws x 3 trials of 5,000 steps):
    python tools/domainbed_sweep.py --dataset rotated_mnist \
        --methods erm coral --hparams 3 --trials 3 \
        --work-dir work_dirs/domainbed_sweep
"""
import argparse
import json
import os
import os.path as osp
import sys
from typing import Dict, List

from mmengine.config import Config, DictAction
from mmengine.runner import Runner

from mmda.analysis.domainbed_protocol import (RULES, Run, apply_hparams,
                                              draw_hparams, read_records,
                                              results_table, run_seed, select,
                                              sweep_config)
from mmda.utils import check_config, register_all_modules
from mmda.utils.work_dir_lock import WorkDirLock

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
#: dataset -> (held-out domain token in the leaf names, domain name)
DOMAINS = {
    'rotated_mnist': [(d, d) for d in ('0', '15', '30', '45', '60', '75')],
    'colored_mnist': [('plus90', '+90%'), ('plus80', '+80%'),
                      ('minus90', '-90%')],
}
RUN_FILE = 'sweep_run.json'
RULE_TITLES = dict(
    training_domain='training-domain validation',
    oracle='test-domain validation (ORACLE: it selects on the held-out '
    'domain)',
    last='last checkpoint')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--dataset', required=True, choices=sorted(DOMAINS))
    parser.add_argument('--methods', nargs='+', required=True)
    parser.add_argument(
        '--held-out',
        nargs='+',
        help='domain tokens of the leaf names (default: every domain)')
    parser.add_argument(
        '--hparams',
        type=int,
        default=1,
        help='draws 0 .. N-1 per cell (0: the defaults)')
    parser.add_argument('--trials', type=int, default=3)
    parser.add_argument('--work-dir', required=True)
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        default={},
        help='fixed overrides of every run, after the draw (e.g. '
        'train_cfg.max_iters=1000)')
    parser.add_argument(
        '--print-commands',
        action='store_true',
        help='write each run\'s config and print its tools/train.py '
        'command instead of training')
    parser.add_argument(
        '--collect-only',
        action='store_true',
        help='only make the tables from the runs in --work-dir')
    parser.add_argument('--out', help='also write the tables here')
    return parser.parse_args(argv)


def _cells(args) -> List[Dict]:
    known = dict(DOMAINS[args.dataset])
    tokens = args.held_out or list(known)
    unknown = [t for t in tokens if t not in known]
    if unknown:
        raise ValueError(f'--held-out {unknown}: {args.dataset} has the '
                         f'domains {list(known)}')
    cells = []
    for method in args.methods:
        for token in tokens:
            leaf = osp.join(REPO, 'configs', method,
                            f'{method}_mnistcnn_5k_{args.dataset}_{token}.py')
            if not osp.isfile(leaf):
                raise FileNotFoundError(
                    f'--methods {method}: no DomainBed-protocol leaf {leaf}')
            index = [t for t, _ in DOMAINS[args.dataset]].index(token)
            for h in range(args.hparams):
                for t in range(args.trials):
                    cells.append(
                        dict(
                            method=method,
                            held_out=token,
                            held_out_index=index,
                            hparams_seed=h,
                            trial_seed=t,
                            leaf=leaf,
                            work_dir=osp.join(args.work_dir, method, token,
                                              f'hparams{h}_trial{t}')))
    return cells


def _config(cell: Dict, dataset: str, options: dict) -> Config:
    cfg = Config.fromfile(cell['leaf'])
    hparams = draw_hparams(cell['method'], cell['hparams_seed'],
                           cell['trial_seed'])
    apply_hparams(cfg, hparams)
    check_config(cfg, options)
    cfg.merge_from_dict(options)
    cfg = sweep_config(cfg, cell['trial_seed'])
    cfg.randomness = dict(
        seed=run_seed(dataset, cell['method'], cell['held_out_index'],
                      cell['hparams_seed'], cell['trial_seed']),
        deterministic=False)
    cfg.work_dir = cell['work_dir']
    cell.update(hparams=hparams, max_iters=cfg.train_cfg.max_iters)
    return cfg


def _write_meta(cell: Dict) -> None:
    os.makedirs(cell['work_dir'], exist_ok=True)
    meta = {k: v for k, v in cell.items() if k != 'leaf'}
    with open(osp.join(cell['work_dir'], RUN_FILE), 'w') as f:
        json.dump(meta, f, indent=2)


def _finished(cell: Dict) -> bool:
    """Whether the run's log holds the validation of its last iteration."""
    meta = osp.join(cell['work_dir'], RUN_FILE)
    if not osp.isfile(meta):
        return False
    with open(meta) as f:
        max_iters = json.load(f)['max_iters']
    try:
        records = read_records(cell['work_dir'])
    except FileNotFoundError:
        return False
    return bool(records) and records[-1].step == max_iters


def train_cell(cell: Dict, dataset: str, options: dict) -> None:
    cfg = _config(cell, dataset, options)
    _write_meta(cell)
    with WorkDirLock(cfg.work_dir):
        Runner.from_cfg(cfg).train()


def collect(cells: List[Dict]) -> List[Run]:
    runs, missing = [], []
    for cell in cells:
        if not _finished(cell):
            missing.append(cell['work_dir'])
            continue
        runs.append(
            Run(cell['method'], cell['held_out'], cell['hparams_seed'],
                cell['trial_seed'], read_records(cell['work_dir'])))
    if missing:
        print(f'{len(missing)} of {len(cells)} runs are not finished, e.g. '
              f'{missing[0]}; the tables leave them out')
    return runs


def main(argv=None) -> int:
    args = parse_args(argv)
    register_all_modules(init_default_scope=False)
    cells = _cells(args)
    if args.print_commands:
        for cell in cells:
            cfg = _config(cell, args.dataset, args.cfg_options)
            _write_meta(cell)
            path = osp.join(cell['work_dir'], 'sweep_config.py')
            cfg.dump(path)
            print(f'python tools/train.py {path} --work-dir '
                  f'{cell["work_dir"]}')
        return 0
    if not args.collect_only:
        for i, cell in enumerate(cells, 1):
            if _finished(cell):
                continue
            print(
                f'[{i}/{len(cells)}] {cell["method"]} held out '
                f'{cell["held_out"]}, draw {cell["hparams_seed"]}, trial '
                f'{cell["trial_seed"]}',
                flush=True)
            train_cell(cell, args.dataset, args.cfg_options)
    runs = collect(cells)
    if not runs:
        print('no finished runs')
        return 1
    held_outs = args.held_out or [t for t, _ in DOMAINS[args.dataset]]
    tables = [
        results_table(
            select(runs, rule),
            held_outs,
            f'{args.dataset}, model selection: {RULE_TITLES[rule]}',
            methods=args.methods) for rule in RULES
    ]
    text = '\n\n'.join(tables)
    print(text)
    if args.out:
        with open(args.out, 'w') as f:
            f.write(text + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
