# Copyright (c) mmda contributors. All rights reserved.
"""The default demo: ERM vs DANN on real digits, no download.

ERM is DANN's network, optimiser and schedule trained on the source alone
(``configs/source_only/erm_lenet_2k_digits_*``), so the difference between
the two figures is DANN's adaptation, not a stronger network. Trains both
configs through ``tools/train.py`` (the mmengine Runner), tests
the final checkpoints on the target domain's held-out split through
``tools/test.py``, and prints the two target accuracies side by side.
No checkpoint is chosen by target accuracy: the last one is tested.

While a stage runs, the Runner's log lines are condensed to one progress
line each (iteration, ETA, loss; accuracy after validation), at the
config's logger interval (100 iterations; ``--log-interval`` changes it).

Each stage trains with one CPU thread (``--threads`` changes it): the
README's figures were measured so. The thread count and the CPU's kernels
set the order in which floating-point sums are taken, so another count or
another CPU gives the same seed a different (not better or worse)
accuracy: DANN seed 0 prints 83.20 with one thread on an AMD EPYC with
AVX-512, and printed 85.10 (one thread) and 82.30 (two) on another machine.

Example::

    python demo/uda_digits_demo.py                   # UCI -> MNIST-5k, seed 0
    python demo/uda_digits_demo.py --seeds 0 1 2     # mean and std
    python demo/uda_digits_demo.py --task mnist5k2uci
"""
import argparse
import collections
import json
import os
import os.path as osp
import re
import statistics
import subprocess
import sys
import time
from typing import Optional

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
METHODS = {
    'ERM': 'configs/source_only/erm_lenet_2k_digits_{}.py',
    'DANN': 'configs/dann/dann_lenet_2k_digits_{}.py',
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--task',
        default='uci2mnist5k',
        choices=['uci2mnist5k', 'mnist5k2uci'])
    parser.add_argument('--seeds', type=int, nargs='+', default=[0])
    parser.add_argument('--work-dir', default='work_dirs/demo')
    parser.add_argument(
        '--threads',
        type=int,
        default=1,
        help='CPU threads each stage trains with (default 1: the README\'s '
        'figures were measured with one; another count prints other, '
        'equally valid, figures)')
    parser.add_argument(
        '--log-interval',
        type=int,
        help='print progress every N iterations (default: the config\'s '
        'logger interval, 100)')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        default=[],
        help='passed to tools/train.py, e.g. train_cfg.max_iters=500')
    return parser.parse_args()


# An mmengine LogProcessor line: "Iter(train) [ 100/2000]  ... eta: 0:01:52
# ... loss: 0.6251 ...", or "Epoch(test) [3][10/16] ...".
_PROGRESS = re.compile(r'(Iter|Epoch)\((train|val|test)\)\s*((\[[^\]]*\])+)')
_FIELDS = ('eta', 'loss', 'accuracy/top1')


def progress_line(log_line: str) -> Optional[str]:
    """Condense one of the Runner's progress log lines, else None.

    Args:
        log_line (str): A line the child process printed.

    Returns:
        str | None: e.g. ``'train [ 100/2000]  eta 0:01:52  loss 0.6251'``.
    """
    match = _PROGRESS.search(log_line)
    if match is None:
        return None
    parts = [f'{match.group(2)} {match.group(3)}']
    for field in _FIELDS:
        value = re.search(rf'(?<![\w/]){re.escape(field)}: (\S+)', log_line)
        if value:
            parts.append(f'{field} {value.group(1)}')
    return '  '.join(parts)


def run(args, label, threads=1):
    """Run a tool with ``threads`` CPU threads, printing its progress
    lines (prefixed by ``label``) as they come; on failure, print the end
    of its output and stop."""
    env = dict(os.environ)
    # Read by torch at start-up: the thread count fixes the summation order
    # and so the printed figures (see the module docstring).
    env['OMP_NUM_THREADS'] = env['MKL_NUM_THREADS'] = str(threads)
    env['PYTHONPATH'] = REPO + os.pathsep + env.get('PYTHONPATH', '')
    env['PYTHONUNBUFFERED'] = '1'  # progress as it happens, not at exit
    tail = collections.deque(maxlen=80)
    with subprocess.Popen([sys.executable, *args],
                          cwd=REPO,
                          env=env,
                          stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT,
                          text=True) as proc:
        for line in proc.stdout:
            tail.append(line)
            progress = progress_line(line)
            if progress is not None:
                print(f'  {label}  {progress}', flush=True)
    if proc.returncode != 0:
        sys.stderr.write(''.join(tail))
        raise SystemExit(f'failed: {" ".join(args)}')


def train_and_test(config, work_dir, seed, cfg_options, label, threads=1):
    run([
        'tools/train.py', config, '--work-dir', work_dir, '--cfg-options',
        f'randomness.seed={seed}', *cfg_options
    ], label, threads)
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        checkpoint = f.read().strip()
    metrics_file = osp.join(work_dir, 'target_test_metrics.json')
    print(
        f'  {label}  testing {osp.basename(checkpoint)} on the target '
        'test split',
        flush=True)
    run([
        'tools/test.py', config, checkpoint, '--work-dir', work_dir,
        '--out-metrics', metrics_file
    ], label, threads)
    with open(metrics_file) as f:
        return json.load(f)['accuracy/top1']


def main():
    args = parse_args()
    cfg_options = list(args.cfg_options)
    if args.log_interval is not None:
        cfg_options.append(
            f'default_hooks.logger.interval={args.log_interval}')
    results = {name: [] for name in METHODS}
    print(
        f'Each stage trains with {args.threads} CPU thread(s) '
        '(--threads); the README\'s figures are for 1.',
        flush=True)
    for seed in args.seeds:
        for name, pattern in METHODS.items():
            config = pattern.format(args.task)
            work_dir = osp.join(args.work_dir, args.task, f'{name}_seed{seed}')
            label = f'[seed {seed}] {name:<12}'
            print(f'{label} training {config}', flush=True)
            start = time.time()
            acc = train_and_test(config, work_dir, seed, cfg_options, label,
                                 args.threads)
            results[name].append(acc)
            print(
                f'[seed {seed}] {name:<12} target test accuracy '
                f'{acc:6.2f} %  ({time.time() - start:.0f} s, {config})',
                flush=True)

    src, tgt = args.task.split('2')
    print(f'\n{src} -> {tgt}, target test accuracy (%), '
          f'seeds {" ".join(map(str, args.seeds))}')
    print(f'{"method":<12} {"mean":>7} {"std":>6}   per seed')
    for name, accs in results.items():
        std = statistics.stdev(accs) if len(accs) > 1 else 0.0
        print(f'{name:<12} {statistics.mean(accs):7.2f} {std:6.2f}   ' +
              ' '.join(f'{a:.2f}' for a in accs))


if __name__ == '__main__':
    main()
